// The Content-Disposition of a download (RFC 6266): the name quoted and escaped by the `content-disposition`
// library, and, when it is not plain ASCII, also as `filename*` (RFC 5987, UTF-8) with an ASCII `filename`
// beside it for old clients (accents dropped, anything else "_"). A quote, CR or LF cannot break the header.

import contentDisposition from 'content-disposition';

export function attachment(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, '_');
  return contentDisposition(fileName, { type: 'attachment', fallback: ascii });
}

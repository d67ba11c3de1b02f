// CSV (RFC 4180) of audit rows for the consultant's export: a header row, CRLF line ends, every cell quoted
// when it holds a comma, a quote or a line break; a cell that a spreadsheet would read as a formula (starting
// with = + - @, a tab or a carriage return) gets a leading apostrophe (OWASP, "CSV injection").

import type { AuditRow } from '../store/store.js';

export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'clientIp',
  'subject',
  'onBehalfOf',
  'concerns',
  'resource',
  'operation',
  'outcome',
  'requestId',
] as const satisfies readonly (keyof AuditRow)[];

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: readonly unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

export const auditCsvHeader = () => csvLine(AUDIT_CSV_COLUMNS);

export const auditCsvRow = (row: AuditRow) => csvLine(AUDIT_CSV_COLUMNS.map((column) => row[column]));

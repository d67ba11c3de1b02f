/** One event of a `text/event-stream`. */
export interface StreamEvent {
  /** The `event:` field, `message` when absent. */
  type: string;
  /** The `data:` lines, joined with `\n`. */
  data: string;
}

/** A line longer than this is not an event of ours: the stream is refused rather than buffered without end. */
const MAX_LINE = 64 * 1024;

/**
 * Parses `text/event-stream` as the HTML standard says (9.2.6), fed text chunk by chunk: lines end with CRLF,
 * LF or CR (a CR at the end of one chunk and an LF at the start of the next are one line end), `:` starts a
 * comment, `data:` lines join with `\n`, an empty line dispatches, an event without data is dropped. `id` is
 * not kept: the header never resumes a stream, it reads the summary again.
 */
export class EventStreamParser {
  /** The `retry:` field's reconnection time (ms), when the server sent one. */
  retry?: number;
  private buffer = '';
  private skipLineFeed = false;
  private type = '';
  private data: string[] = [];

  constructor(private readonly onEvent: (event: StreamEvent) => void) {}

  push(chunk: string) {
    let text = this.buffer + chunk;
    if (this.skipLineFeed && text.startsWith('\n')) text = text.slice(1);
    this.skipLineFeed = false;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char !== '\r' && char !== '\n') continue;
      this.line(text.slice(start, i));
      if (char === '\r') {
        if (i + 1 === text.length) this.skipLineFeed = true;
        else if (text[i + 1] === '\n') i++;
      }
      start = i + 1;
    }
    this.buffer = text.slice(start);
    if (this.buffer.length > MAX_LINE) throw new Error(`event-stream line over ${MAX_LINE} characters`);
  }

  private line(line: string) {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return; // a comment: keep-alives
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
  }

  private dispatch() {
    const event = { type: this.type || 'message', data: this.data.join('\n') };
    const hasData = this.data.length > 0;
    this.type = '';
    this.data = [];
    if (hasData) this.onEvent(event);
  }
}

/**
 * Reads a `text/event-stream` body to its end, calling `onEvent` for each event and `onBytes` for every chunk
 * (keep-alives included: the connection is alive). Resolves when the server ends the stream; rejects when the
 * connection breaks, the body is not an event stream, or the reader is cancelled.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  parser: EventStreamParser,
  onBytes: () => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onBytes();
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  }
}

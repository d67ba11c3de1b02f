import { LiveSummary, type LiveSummaryOptions } from './live-summary.js';
import { SummaryFeed, type SummaryFeedOptions } from './summary-feed.js';

/** The summary feed with its event stream: the stream starts after the feed's first summary and ends with the feed. */
export class LiveSummaryFeed extends SummaryFeed {
  private readonly stream: LiveSummary;

  constructor(
    options: SummaryFeedOptions,
    stream: Pick<LiveSummaryOptions, 'url' | 'authorize' | 'renew' | 'lockName'>,
  ) {
    super(options);
    this.stream = new LiveSummary({
      ...stream,
      feed: this,
      channelName: options.channelName,
      subject: options.subject,
      clock: options.clock,
    });
  }

  override async start() {
    await super.start();
    this.stream.start();
  }

  /** Sign-out, expiry, an identity switch (a new feed) and removal all come here: the stream ends with them. */
  override stop() {
    this.stream.stop();
    super.stop();
  }
}

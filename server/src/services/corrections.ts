// Correction requests (GDPR art. 16) as the municipal officers handle them: the work list, one request opened,
// a decision. A decision tells the citizen with a message from the municipality in their language (an item in
// their messages: the header's badge counts it, the change feed tells their open tabs). "Accepted" records the
// decision and the answer and, for a request about a fact the service holds (an address, a parking card), gives
// the fact the requested value in the same transaction; when the fact changed since the officer saw it, or is
// gone, nothing is decided and the officer is told (docs/privacy.md, "Corrections").

import { randomUUID } from 'node:crypto';
import { fill, STAFF_TEXT } from '../pages/staff-texts.js';
import { formatDate, pickLanguage, TEXT } from '../pages/texts.js';
import type { CorrectionRow, Owner, Store } from '../store/store.js';
import type { CitizenServices } from './citizen.js';

export const ANSWER_MAX = 2000;

export type DecisionError = 'decision' | 'answer' | 'answer-length';

export type CorrectionServices = ReturnType<typeof createCorrectionServices>;

export function createCorrectionServices(store: Store, citizen: CitizenServices) {
  /** Checks a decision form: which field is wrong, if any. */
  function checkDecision(decision: unknown, answer: unknown): DecisionError | undefined {
    if (decision !== 'accepted' && decision !== 'rejected') return 'decision';
    const text = typeof answer === 'string' ? answer.trim() : '';
    if (text.length > ANSWER_MAX) return 'answer-length';
    if (decision === 'rejected' && !text) return 'answer';
    return undefined;
  }

  /** The citizen's message: the outcome and the answer, in their language. */
  async function tellCitizen(
    row: CorrectionRow & { owner: Owner },
    applied: { label: string } | undefined,
  ): Promise<void> {
    const user = await store.userById(row.owner.userId);
    if (!user || row.status === 'open') return;
    const lang = pickLanguage(user.language);
    const t = STAFF_TEXT[lang];
    const field = (TEXT[lang].fields as Record<string, string>)[row.field] ?? row.field;
    const body = [
      fill(t.messageBody[row.status], { date: formatDate(row.createdAt, lang), field }),
      ...(applied
        ? [fill(t.messageApplied, { fact: applied.label, value: row.requestedValue, previous: row.factValue ?? '' })]
        : []),
      ...(row.answer ? [fill(t.messageAnswer, { answer: row.answer })] : []),
    ].join('\n\n');
    await store.insertMessage({
      id: `msg_${randomUUID()}`,
      owner: row.owner,
      kind: 'message',
      sender: t.messageSender,
      title: t.messageTitle[row.status],
      body,
      createdAt: row.decidedAt ?? new Date().toISOString(),
    });
    await citizen.notify(row.owner);
  }

  return {
    checkDecision,
    queue: () => store.correctionQueue({ limit: 500 }),
    byId: (id: string) => store.correctionById(id),
    /** undefined: no such request; `changed` false: it was decided already (nothing sent again) */
    /**
     * `factVersion`: the state of the fact the officer saw (CorrectionFact.version); `stale` in the result: the
     * fact changed since (or is gone) and nothing was decided
     */
    async decide(
      id: string,
      decision: { status: 'accepted' | 'rejected'; answer: string; decidedBy: string; factVersion?: string },
    ) {
      const answer = decision.answer.trim();
      const result = await store.decideCorrection(id, {
        status: decision.status,
        answer: answer || null,
        decidedBy: decision.decidedBy,
        ...(decision.factVersion === undefined ? {} : { factVersion: decision.factVersion }),
      });
      if (result?.changed) await tellCitizen(result.row, 'applied' in result ? result.applied : undefined);
      return result;
    },
  };
}

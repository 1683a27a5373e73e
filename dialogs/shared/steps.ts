/**
 * Moves within a waterfall for the cases the straight line does not cover: a question that
 * does not apply (skip it, also when going back), and a question that is asked again (one
 * more file, the next ambiguous pupil, a BRIN that was not confirmed).
 */
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { GO_BACK, isGoBack } from './conversationDialog';

interface WaterfallState {
  stepIndex: number;
}

/** Marks a step result "the question of that step is asked again", with a reason for the step. */
export const ASK_AGAIN = '__oso_opnieuw__';
export interface AskAgain {
  [ASK_AGAIN]: true;
  reden?: string;
}
export const askAgainResult = (reden?: string): AskAgain => ({ [ASK_AGAIN]: true, ...(reden ? { reden } : {}) });
export const isAskAgain = (result: unknown): result is AskAgain =>
  typeof result === 'object' && result !== null && ASK_AGAIN in result;

/** This step's question does not apply: go on, or when the user went back, keep going back. */
export async function skipStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
  const waterfall = step.activeDialog?.state as WaterfallState | undefined;
  if (!isGoBack(step.result) || !waterfall || waterfall.stepIndex < 1) return step.next(undefined);
  // Same as ConversationDialog.skipBackwards: the step before this one gets GO_BACK.
  waterfall.stepIndex -= 2;
  return step.next(GO_BACK);
}

/**
 * Runs an earlier step again (`stepsBack` = 1 is the step that asked the question just
 * answered), passing it `askAgainResult(reden)`.
 */
export async function askAgain(step: WaterfallStepContext, stepsBack: number, reden?: string): Promise<DialogTurnResult> {
  const waterfall = step.activeDialog?.state as WaterfallState | undefined;
  if (!waterfall) throw new Error('askAgain: not inside a waterfall');
  // next() runs stepIndex + 1.
  waterfall.stepIndex -= stepsBack + 1;
  return step.next(askAgainResult(reden));
}

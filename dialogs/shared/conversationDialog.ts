/**
 * Base of every conversation (dossier, aanvraag overdracht, beheer …): one waterfall of
 * questions, where "help" explains the current question and "terug" goes back one question.
 * The main dialog detects the words and raises the events; this class handles them once, so
 * no step has to.
 *
 * Convention for the waterfall steps: step N stores the answer to the question of step N-1
 * and asks its own question. "terug" re-runs the previous step with the GO_BACK result, so a
 * step first checks `isGoBack(step.result)` (use `answerOf`) and then asks again.
 */
import {
  ComponentDialog,
  type DialogContext,
  type DialogEvent,
  type DialogInstance,
  type PromptOptions,
  type WaterfallStepContext,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { INTERRUPTION_EVENTS } from './interruptions';

const GO_BACK_MARKER = '__oso_terug__';
export const GO_BACK = { [GO_BACK_MARKER]: true } as const;

export const isGoBack = (result: unknown): boolean =>
  typeof result === 'object' && result !== null && GO_BACK_MARKER in result;

/** The answer a step received, or undefined when the user went back to this step. */
export function answerOf<T>(step: WaterfallStepContext): T | undefined {
  return isGoBack(step.result) ? undefined : (step.result as T);
}

/** Prompt options with the help text that "help" shows for this question. */
export interface QuestionOptions extends PromptOptions {
  validations?: { help?: string; [key: string]: unknown };
}

const TEXT = {
  geenUitleg: 'Bij deze vraag heb ik geen extra uitleg. Beantwoord de vraag, of typ "terug" of "annuleren".',
};

interface WaterfallState {
  stepIndex: number;
}

export abstract class ConversationDialog extends ComponentDialog {
  protected override async onPreBubbleEvent(dc: DialogContext, e: DialogEvent): Promise<boolean> {
    if (e.name === INTERRUPTION_EVENTS.help) return this.explainCurrentQuestion(dc);
    if (e.name === INTERRUPTION_EVENTS.terug) return this.goBack(dc);
    return super.onPreBubbleEvent(dc, e);
  }

  /**
   * A step whose question does not apply (e.g. "reden" when the parents agree) calls this
   * when it received GO_BACK, so "terug" keeps going to the question before it.
   */
  protected static async skipBackwards(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const waterfall = step.activeDialog?.state as WaterfallState | undefined;
    if (!waterfall || waterfall.stepIndex < 1) return step.next(undefined);
    waterfall.stepIndex -= 2;
    return step.next(GO_BACK);
  }

  private async explainCurrentQuestion(dc: DialogContext): Promise<boolean> {
    const inner = dc.child;
    const prompt = inner?.activeDialog;
    if (!inner || !prompt) return false;
    const options = (prompt.state as { options?: QuestionOptions }).options;
    await dc.context.sendActivity(options?.validations?.help ?? TEXT.geenUitleg);
    await inner.repromptDialog();
    return true;
  }

  private async goBack(dc: DialogContext): Promise<boolean> {
    const inner = dc.child;
    // botbuilder keeps the top of the stack at the end: [… , waterfall, prompt] — the steps,
    // then the question being asked.
    const waterfall: DialogInstance | undefined = inner?.stack[inner.stack.length - 2];
    const state = waterfall?.state as WaterfallState | undefined;
    if (!inner || !state || typeof state.stepIndex !== 'number' || state.stepIndex < 1) return false;
    state.stepIndex -= 2;
    await inner.endDialog(GO_BACK);
    return true;
  }
}

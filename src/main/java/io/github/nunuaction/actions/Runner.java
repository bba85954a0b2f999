package io.github.nunuaction.actions;

import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Clock;

/**
 * The runner as a step sees it: where it runs, its log and files, the workflow's cancellation, and
 * the clock (a virtual one in tests).
 */
public record Runner(
    GitHubContext context, Workflow workflow, Cancellation cancellation, Clock clock) {}

package dev.capfence.policy;

/** One test a rule makes of an event. A rule matches when all of its conditions hold. */
sealed interface Condition permits Conditions.CapabilityMatch, Conditions.FieldGlob, Conditions.ValuesGlob,
        Conditions.Keywords, Conditions.Regex, Conditions.Compare, Conditions.When, SemanticConditions.Semantic {

    boolean test(EventView event);

    /** What the condition requires, as a person would read it: {@code amount > 1000}. */
    String describe();

    /** What this event has for the condition, for {@code explain}. */
    String observed(EventView event);

    /** Whether it reads the payload (a payload-only rule example exercises just these). */
    boolean readsPayload();
}

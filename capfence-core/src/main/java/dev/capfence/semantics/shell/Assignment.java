package dev.capfence.semantics.shell;

/**
 * A variable the line sets: before a command ({@code LD_PRELOAD=x ls}), on its own ({@code PATH=.}), through
 * {@code env NAME=value}, or through {@code export}, {@code declare}, {@code local}, {@code readonly},
 * {@code typeset}.
 *
 * @param name       the variable name ({@code a} for {@code a[1]=x})
 * @param value      the value after quote removal, expansions kept as written
 * @param valueKnown false when the value is built at run time
 */
public record Assignment(String name, String value, boolean valueKnown) {
}

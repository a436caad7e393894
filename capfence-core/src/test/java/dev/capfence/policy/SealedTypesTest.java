package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The compiled policy's building blocks are closed sets: a new kind is added here, on purpose, or not at all. */
class SealedTypesTest {

    @Test
    void conditionsAreAClosedSet() {
        assertThat(Condition.class.isSealed()).isTrue();
        assertThat(names(Condition.class)).containsExactlyInAnyOrder("CapabilityMatch", "FieldGlob", "ValuesGlob",
                "Keywords", "Regex", "Compare", "When", "Semantic");
        assertThat(names(SemanticConditions.Semantic.class)).containsExactlyInAnyOrder("Command", "Sql", "Path", "Url");
    }

    @Test
    void whenExpressionsAndTextPatternsAreClosedSets() {
        assertThat(WhenExpr.class.isSealed()).isTrue();
        assertThat(WhenExpr.class.isInterface()).isTrue();
        assertThat(names(WhenExpr.class)).containsExactlyInAnyOrder("Combination", "Not", "Leaf");
        assertThat(names(TextPattern.class)).containsExactlyInAnyOrder("Linear", "Budgeted");
    }

    private static String[] names(Class<?> sealed) {
        return Arrays.stream(sealed.getPermittedSubclasses()).map(Class::getSimpleName).toArray(String[]::new);
    }
}

package dev.capfence.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalSettingsTest {

    private static final ApprovalSettings APP = new ApprovalSettings(Duration.ofMinutes(30), List.of("ops-*"), false, 4);

    @Test
    void anEmptyPolicyBlockKeepsEveryDefault() {
        assertThat(APP.withPolicyBlock(Map.of())).isEqualTo(APP);
        assertThat(ApprovalSettings.DEFAULTS.withPolicyBlock(Map.of()))
                .isEqualTo(new ApprovalSettings(Duration.ofHours(1), List.of(), true, 0));
    }

    @Test
    void eachKeyThePolicySetsWinsAndOnlyThatKey() {
        ApprovalSettings s = APP.withPolicyBlock(Map.of("timeout", "2h", "max_pending", new BigDecimal("7")));
        assertThat(s.timeout()).hasHours(2);
        assertThat(s.maxPending()).isEqualTo(7);
        assertThat(s.approvers()).containsExactly("ops-*");
        assertThat(s.singleUse()).isFalse();

        ApprovalSettings t = APP.withPolicyBlock(Map.of("approvers", "alice", "single_use", true));
        assertThat(t.approvers()).containsExactly("alice");
        assertThat(t.singleUse()).isTrue();
        assertThat(t.timeout()).hasMinutes(30);
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> new ApprovalSettings(Duration.ZERO, List.of(), true, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> new ApprovalSettings(null, List.of(), true, 0))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> new ApprovalSettings(Duration.ofMinutes(1), List.of(" "), true, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("approvers");
        assertThatThrownBy(() -> new ApprovalSettings(Duration.ofMinutes(1), List.of(), true, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max pending");
    }

    @Test
    void approversAreCopied() {
        List<String> names = new ArrayList<>(List.of("alice"));
        ApprovalSettings s = new ApprovalSettings(Duration.ofMinutes(1), names, true, 0);
        names.add("mallory");
        assertThat(s.approvers()).containsExactly("alice");
    }
}

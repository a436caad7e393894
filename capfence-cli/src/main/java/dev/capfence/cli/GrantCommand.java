package dev.capfence.cli;

import dev.capfence.approval.ApprovalException;
import dev.capfence.approval.Approvals;
import dev.capfence.approval.Grant;
import dev.capfence.policy.Durations;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code capfence approvals grant}: pre-authorizes an actor, for a time or a session; prints the grant id. */
@Command(name = "grant", description = "Pre-authorizes ACTOR for capabilities matching CAPABILITY (and ENVIRONMENT): "
        + "actions that would need approval are allowed, for DURATION or within session ID. Never overrides a deny "
        + "and never lifts a limit. Prints the grant id.")
final class GrantCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--actor", required = true, paramLabel = "A", description = "The actor granted.")
    String actor;

    @Option(names = "--capability", required = true, paramLabel = "C",
            description = "Capability glob, prefix semantics as in rules: 'payments' covers payments.refund.")
    String capability;

    @Option(names = "--environment", paramLabel = "E", description = "Only in this environment (default: any).")
    String environment;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Scope scope;

    @Option(names = "--as", required = true, paramLabel = "OPERATOR", description = "Who grants; not the actor itself.")
    String operator;

    /** How long the grant lasts: a time, or a session. */
    static final class Scope {
        @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "How long, as in policies: 30m, 8h, 1d.")
        Duration duration;

        @Option(names = "--session", paramLabel = "ID", description = "For events whose context.session_id is ID.")
        String session;
    }

    @Override
    public Integer call() {
        Approvals approvals = store.approvals(null);
        Grant g;
        try {
            g = store.open(() -> scope.duration != null
                    ? approvals.grant(actor, capability, environment, scope.duration, operator)
                    : approvals.grantForSession(actor, capability, environment, scope.session, operator));
        } catch (ApprovalException e) {
            spec.commandLine().getErr().println("capfence: refused: " + e.getMessage());
            return CapFenceCommand.CHECK_FAILED;
        }
        spec.commandLine().getOut().println(g.id());
        spec.commandLine().getOut().flush();
        return CapFenceCommand.OK;
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (RuntimeException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}

package dev.capfence.cli;

import dev.capfence.audit.AuditKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code capfence keygen}: an Ed25519 key pair for signing audit records. */
@Command(name = "keygen",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the key pair was written", "2:usage error, or the files exist or cannot be written"},
        description = {
                "Creates an Ed25519 key pair for signing audit records: DIR/" + KeygenCommand.PRIVATE
                        + " (PKCS#8 PEM, readable by its owner only where the file system allows) and DIR/"
                        + KeygenCommand.PUBLIC + " (X.509 PEM), and prints the key id records will carry.",
                "Never overwrites a key."
        })
final class KeygenCommand implements Callable<Integer> {

    static final String PRIVATE = "capfence-signing.pem";
    static final String PUBLIC = "capfence-signing.pub.pem";

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the two files (created if missing).")
    Path out;

    @Override
    public Integer call() {
        Path privateFile = out.resolve(PRIVATE);
        Path publicFile = out.resolve(PUBLIC);
        for (Path existing : new Path[] {privateFile, publicFile}) {
            if (Files.exists(existing)) {
                throw new CliFailure("capfence: " + existing + " exists; keygen never overwrites a key");
            }
        }
        KeyPair pair = AuditKeys.generate();
        try {
            Files.createDirectories(out);
            AuditKeys.writePrivateKey(privateFile, pair.getPrivate());
            AuditKeys.writePublicKey(publicFile, pair.getPublic());
        } catch (FileAlreadyExistsException e) {
            throw new CliFailure("capfence: " + e.getFile() + " exists; keygen never overwrites a key");
        } catch (IOException e) {
            throw new CliFailure("capfence: cannot write the key pair to " + out + ": " + Inputs.describe(e));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("key_id " + AuditKeys.keyId(pair.getPublic()));
        stdout.println("private key " + privateFile + " (keep it secret; pass it to check --sign-key)");
        stdout.println("public key  " + publicFile + " (pass it to verify --public-key)");
        stdout.flush();
        return CapFenceCommand.OK;
    }
}

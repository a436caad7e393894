package dev.capfence.semantics.shell.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Seeded generator of command lines over the grammar bash and dash accept and the places where they differ.
 * Each line is one to three commands joined by separators; each command is a harmless read (a read-only program
 * on workspace files) or a hidden effect (a delete, a write outside the workspace, a secret read, a program no
 * read-only list holds), wrapped in zero to two forms (subshells, groups, compound commands, substitutions,
 * wrappers, programs that run programs, dialect-specific syntax, quoting) and given redirections.
 * The same seed gives the same lines.
 */
final class LineGenerator {

    /** A generated line and whether every part of it was drawn from the harmless vocabulary. */
    record Line(String text, boolean harmless) {
    }

    private static final String[] FILES = {"notes/todo.txt", "src/App.java", "orders.csv", "notes", "src", ".",
            "missing.txt"};

    /** Reads the shipped read-only lists allow; every argument stays inside the workspace. */
    private static final String[] HARMLESS = {"ls", "ls -la %s", "cat %s", "head -n 1 %s", "tail -n 1 %s",
            "wc -l %s", "grep -n a %s", "grep -r milk notes", "echo hello", "echo %s", "printf '%%s\\n' %s",
            "pwd", "date", "stat %s", "sort orders.csv", "uniq orders.csv", "diff orders.csv orders.csv",
            "git status", "git log --oneline -1", "id", "uname -a", "du -s notes", "wc -c %s"};

    /** Effects a sandbox policy forbids. */
    private static final String[] EFFECTS = {"rm %s", "rm -f orders.csv", "rm -rf notes", "rm -r notes",
            "mv orders.csv /tmp/o", "cp orders.csv /tmp/c", "touch /tmp/t", "cat .env", "head -c 5 .env",
            "grep KEY .env", "cp .env notes/e", "chmod 600 notes/todo.txt", "mkdir /tmp/d", "tee /tmp/tee",
            "truncate -s 0 orders.csv", "ln -s /etc/passwd notes/p", "sed -i s/milk/x/ notes/todo.txt",
            "python3 -c 'print(1)'", "unlink orders.csv", "dd if=.env of=/tmp/dd", "git ls-remote --upload-pack 'rm -f orders.csv' . x",
            "sort -o /tmp/sorted orders.csv", "find . -name todo.txt -delete", "rmdir src"};

    private static final String[] SEPARATORS = {"; ", " && ", " || ", "\n", " & ", " | "};

    private static final String[] REDIRECTS_SAFE = {" > out.txt", " >> notes/todo.txt", " 2>/dev/null",
            " 2>&1", " > notes/new.txt", " < orders.csv", " >| out2.txt"};
    private static final String[] REDIRECTS_EFFECT = {" > /tmp/r", " >> /tmp/a", " > ../up.txt", " >| /tmp/c",
            " < .env", " <> /tmp/rw", " &> /tmp/both", " >& /tmp/amp", " > ~/home.txt", " 2> /tmp/err",
            " > ./../x", " > \"/tmp/q\"", " > '/tmp/s'", " > /tmp/$X", " > /tmp/*"};

    private final Random random;

    LineGenerator(long seed) {
        this.random = new Random(seed);
    }

    List<Line> lines(int n) {
        List<Line> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    Line next() {
        StringBuilder line = new StringBuilder();
        boolean harmless = true;
        int commands = 1 + random.nextInt(random.nextInt(4) == 0 ? 3 : 1);
        for (int i = 0; i < commands; i++) {
            if (i > 0) {
                line.append(pick(SEPARATORS));
            }
            boolean effect = random.nextInt(10) < 3;
            harmless &= !effect;
            String command = base(effect);
            int wraps = random.nextInt(3);
            for (int w = 0; w < wraps; w++) {
                Form form = pick(FORMS);
                harmless &= form.harmless;
                command = form.apply.apply(command);
            }
            if (random.nextInt(4) == 0) {
                boolean outside = random.nextInt(3) == 0;
                harmless &= !outside;
                command = command + pick(outside ? REDIRECTS_EFFECT : REDIRECTS_SAFE);
            }
            line.append(command);
        }
        if (random.nextInt(12) == 0) {
            line.append(" # rm -rf notes");
        }
        return new Line(line.toString(), harmless);
    }

    private String base(boolean effect) {
        String template = pick(effect ? EFFECTS : HARMLESS);
        String command = template.contains("%s") ? String.format(template, quoted(pick(FILES))) : template;
        return random.nextInt(8) == 0 ? quoteProgram(command) : command;
    }

    /** One of the ways a shell word can be written for the same text. */
    private String quoted(String word) {
        return switch (random.nextInt(8)) {
            case 0 -> "'" + word + "'";
            case 1 -> "\"" + word + "\"";
            case 2 -> word.length() > 1 ? word.charAt(0) + "''" + word.substring(1) : word;
            case 3 -> word.length() > 1 ? "\\" + word : word;
            case 4 -> word.contains("/") ? word.substring(0, word.indexOf('/')) + "/*" : word; // a glob
            case 5 -> "\"$(echo " + word + ")\"";
            default -> word;
        };
    }

    private String quoteProgram(String command) {
        int space = command.indexOf(' ');
        String program = space < 0 ? command : command.substring(0, space);
        String rest = space < 0 ? "" : command.substring(space);
        String written = switch (random.nextInt(5)) {
            case 0 -> "'" + program + "'";
            case 1 -> "\\" + program;
            case 2 -> program.charAt(0) + "\"\"" + program.substring(1);
            case 3 -> "/usr/bin/" + program;
            default -> "command " + program;
        };
        return written + rest;
    }

    private <T> T pick(T[] items) {
        return items[random.nextInt(items.length)];
    }

    /** A way to wrap a command; {@code harmless} when the form itself has no effect of its own. */
    private record Form(boolean harmless, UnaryOperator<String> apply) {
    }

    private static Form form(UnaryOperator<String> apply) {
        return new Form(true, apply);
    }

    private static String singleQuoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static final Form[] FORMS = {
            form(c -> "( " + c + " )"),
            form(c -> "{ " + c + "; }"),
            form(c -> "if true; then " + c + "; fi"),
            form(c -> "if false; then :; else " + c + "; fi"),
            form(c -> "for i in 1; do " + c + "; done"),
            form(c -> "case x in x) " + c + ";; esac"),
            form(c -> "f() { " + c + "; }; f"),
            form(c -> "true && " + c),
            form(c -> "false || " + c),
            form(c -> "! " + c),
            form(c -> "echo \"$(" + c + ")\""),
            form(c -> "echo `" + c + "`"),
            form(c -> "x=$(" + c + "); echo \"$x\""),
            form(c -> "sh -c " + singleQuoted(c)),
            form(c -> "bash -c " + singleQuoted(c)),
            form(c -> "dash -c " + singleQuoted(c)),
            form(c -> "eval " + singleQuoted(c)),
            form(c -> "env " + c),
            form(c -> "env X=1 " + c),
            form(c -> "X=1 " + c),
            form(c -> "nice " + c),
            form(c -> "timeout 3 " + c),
            form(c -> "nohup " + c),
            form(c -> "command " + c),
            form(c -> "echo notes/todo.txt | xargs " + c),
            form(c -> "find . -maxdepth 0 -exec " + c + " \\;"),
            form(c -> "((" + c + "))"),
            form(c -> "[[ x || " + c + " ]]"),
            form(c -> "[[ -n x ]] && " + c),
            form(c -> "time " + c),
            form(c -> c + " <<EOF\nhello\nEOF\n"),
            form(c -> c + " <<'EOF'\n$(rm -f orders.csv)\nEOF\n"),
            form(c -> c + " <<EOF\nnever ends"),
            form(c -> c + " <<< hello"),
            form(c -> "echo $((1+1)); " + c),
            form(c -> "echo $[1+1]; " + c),
            form(c -> "cat <(" + c + ")"),
            form(c -> c + " \\\n"),
            form(c -> "a=(x y); " + c),
            form(c -> "echo {a,b}; " + c),
            form(c -> "echo $'\\x41'; " + c),
            form(c -> c.replace(" ", " \\\n ")),
            form(c -> c + " &\nwait"),
            form(c -> "exec " + c),
            new Form(false, c -> "LD_PRELOAD=/tmp/x.so " + c),
            new Form(false, c -> "export GIT_DIR=/tmp; " + c),
            new Form(false, c -> c + " &> /tmp/both"),
    };
}

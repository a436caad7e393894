package dev.capfence.semantics.shell;

import dev.capfence.semantics.shell.Lexer.Kind;
import dev.capfence.semantics.shell.Lexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for POSIX shell (plus the common bash forms), over the tokens of a {@link Lexer}.
 * It does not build a tree: it hands every simple command to the {@link CommandResolver} as soon as it is
 * complete. Each nesting step goes through {@link Context#enter()}, so depth is capped.
 *
 * <p>On a syntax error it records a problem and carries on, so later commands are still found.
 */
final class Parser {

    /** Reserved words that end a list (checked only where a command could start). */
    private static final Set<String> LIST_END = Set.of("then", "elif", "else", "fi", "do", "done", "esac", "}");

    private static final Set<String> COMPOUND_START = Set.of("{", "if", "while", "until", "for", "select", "case",
            "[[", "!", "function", "time", "coproc");

    /**
     * Words that start a compound command in bash but are ordinary command names in dash; a line without them
     * may be read once for both shells ({@link ShellParser#readsAlike}).
     */
    static final Set<String> BASH_ONLY_KEYWORDS = Set.of("[[", "function", "select", "coproc", "time");

    /** A redirection with its target word. */
    record Redirect(String op, Word target, Redirection redirection) {

        static Redirect of(String op, Word target) {
            boolean known = !target.isBuiltAtRunTime();
            return new Redirect(op, target,
                    new Redirection(op, Redirection.modeOf(op, target.text(), known), target.text(), known));
        }
    }

    private final Context ctx;
    private final Lexer lexer;
    /** The command being parsed sits in a pipeline stage after the first (here or in an enclosing script). */
    private boolean piped;

    private Parser(String src, Context ctx, boolean piped) {
        this.ctx = ctx;
        this.piped = piped;
        this.lexer = new Lexer(src, ctx, this);
    }

    static void parseTopLevel(String src, Context ctx) {
        new Parser(src, ctx, false).parseScript();
    }

    /** Parses a string that will itself run as a script: {@code sh -c}, {@code eval}, backticks … */
    static void parseNested(String src, Context ctx, boolean piped) {
        if (!ctx.charge(src.length()) || !ctx.enter()) {
            return;
        }
        try {
            new Parser(src, ctx, piped).parseScript();
        } finally {
            ctx.leave();
        }
    }

    /**
     * Parses a script another shell reads: in that shell's dialect ({@code null}: the current one), and for
     * {@link ShellDialect#POSIX} as bash and as dash, keeping what either reading runs.
     */
    static void parseNested(String src, Context ctx, boolean piped, ShellDialect dialect) {
        if (dialect == null) {
            parseNested(src, ctx, piped);
        } else {
            ctx.inDialect(dialect, () -> parseNested(src, ctx, piped));
        }
    }

    void parseNested(String src) {
        parseNested(src, ctx, piped);
    }

    void parseHereDocBody(String body) {
        if (!ctx.charge(body.length()) || !ctx.enter()) {
            return;
        }
        try {
            new Parser(body, ctx, piped).lexer.scanHereDocText();
        } finally {
            ctx.leave();
        }
    }

    /** Called by the lexer right after {@code $(} or {@code <(}: parses up to and including the matching {@code )}. */
    void commandSubstitution(String unbalanced) {
        if (!ctx.enter()) {
            return;
        }
        try {
            while (true) {
                parseList();
                Token t = lexer.peek();
                if (t.isOp(")")) {
                    lexer.next();
                    return;
                }
                if (t.kind() == Kind.END) {
                    if (!ctx.aborted) {
                        ctx.problem(unbalanced);
                    }
                    return;
                }
                unexpected(lexer.next());
            }
        } finally {
            ctx.leave();
        }
    }

    private void parseScript() {
        while (true) {
            parseList();
            if (lexer.peek().kind() == Kind.END) {
                return;
            }
            unexpected(lexer.next());
        }
    }

    private boolean endsList(Token t) {
        return switch (t.kind()) {
            case END -> true;
            case OPERATOR -> t.op().equals(")") || t.op().equals(";;") || t.op().equals(";&") || t.op().equals(";;&");
            case WORD -> t.word().isPlainLiteral() && LIST_END.contains(t.word().text());
            default -> false;
        };
    }

    private boolean startsCompound(Token t) {
        return t.isOp("(") || (t.kind() == Kind.WORD && t.word().isPlainLiteral()
                && COMPOUND_START.contains(t.word().text())
                && (ctx.bash() || !BASH_ONLY_KEYWORDS.contains(t.word().text())));
    }

    private boolean startsCommand(Token t) {
        return (t.kind() == Kind.WORD && !endsList(t)) || t.kind() == Kind.REDIRECT || t.isOp("(");
    }

    /**
     * and-or lists separated by {@code ;}, {@code &} or newlines, up to a terminator the caller checks. Anything
     * else out of place is reported and skipped, so the commands after it are still read.
     */
    private void parseList() {
        while (true) {
            skipNewlines();
            Token t = lexer.peek();
            if (endsList(t)) {
                return;
            }
            if (!startsCommand(t)) {
                unexpected(lexer.next());
                continue;
            }
            parseAndOr();
            t = lexer.peek();
            if (t.isOp(";") || t.isOp("&") || t.kind() == Kind.NEWLINE) {
                lexer.next();
            } else if (!endsList(t)) {
                unexpected(t); // e.g. a word after a subshell; the next round parses it as a command
            }
        }
    }

    private void parseAndOr() {
        parsePipeline();
        while (lexer.peek().isOp("&&") || lexer.peek().isOp("||")) {
            Token op = lexer.next();
            skipNewlines();
            if (!startsCommand(lexer.peek())) {
                ctx.problem("missing command after " + op.op());
                return;
            }
            parsePipeline();
        }
    }

    private void parsePipeline() {
        boolean outer = piped;
        try {
            for (int stage = 0; ; stage++) {
                piped = outer || stage > 0;
                while (lexer.peek().isReserved("!")) {
                    lexer.next();
                }
                if (!startsCommand(lexer.peek())) {
                    if (stage > 0) {
                        ctx.problem("missing command after |");
                    }
                    return;
                }
                if (stage > 0 && isWord(lexer.peek(), "time")) {
                    parseSimpleCommand(new ArrayList<>()); // bash's keyword only starts a pipeline: here it is time(1)
                } else {
                    parseCommand();
                }
                if (!lexer.peek().isOp("|") && !lexer.peek().isOp("|&")) {
                    return;
                }
                lexer.next();
                skipNewlines();
            }
        } finally {
            piped = outer;
        }
    }

    private static boolean isWord(Token t, String text) {
        return t.kind() == Kind.WORD && t.word().isPlainLiteral() && t.word().text().equals(text);
    }

    /** One command: compound (subshell, group, if, loops, case, function, [[ ]], (( ))) or simple. */
    private void parseCommand() {
        Token t = lexer.peek();
        if (t.isOp("(")) {
            if (lexer.arithmeticCommandAt(t.start())) {
                lexer.skipArithmeticCommand(t.start());
            } else {
                lexer.next();
                nested(() -> {
                    parseList();
                    expectOp(")", "unbalanced (");
                });
            }
            parseRedirects(null);
            return;
        }
        if (t.kind() == Kind.WORD && t.word().isPlainLiteral()
                && (ctx.bash() || !BASH_ONLY_KEYWORDS.contains(t.word().text()))) {
            switch (t.word().text()) {
                case "{" -> {
                    lexer.next();
                    nested(() -> {
                        parseList();
                        expectReserved("}");
                    });
                    parseRedirects(null);
                    return;
                }
                case "if" -> {
                    parseIf();
                    return;
                }
                case "while", "until" -> {
                    lexer.next();
                    nested(() -> {
                        parseList();
                        expectReserved("do");
                        parseList();
                        expectReserved("done");
                    });
                    parseRedirects(null);
                    return;
                }
                case "for", "select" -> {
                    parseFor();
                    return;
                }
                case "case" -> {
                    parseCase();
                    return;
                }
                case "function" -> {
                    parseFunctionKeyword();
                    return;
                }
                case "[[" -> {
                    parseConditional();
                    return;
                }
                case "time" -> { // a keyword before a compound command; otherwise recorded like a wrapper
                    List<Word> time = new ArrayList<>(List.of(lexer.next().word()));
                    while (lexer.peek().isReserved("-p")) {
                        time.add(lexer.next().word());
                    }
                    if (startsCompound(lexer.peek())) {
                        nested(this::parseCommand);
                    } else {
                        parseSimpleCommand(time);
                    }
                    return;
                }
                case "!", "coproc" -> { // prefixes of the command that follows
                    lexer.next();
                    if (startsCommand(lexer.peek())) {
                        nested(this::parseCommand);
                    }
                    return;
                }
                default -> {
                }
            }
        }
        parseSimpleCommand(new ArrayList<>());
    }

    /** Words and redirections up to an operator; {@code words} holds those already read. */
    private void parseSimpleCommand(List<Word> words) {
        List<Redirect> redirects = new ArrayList<>();
        while (true) {
            Token t = lexer.peek();
            if (t.kind() == Kind.WORD) {
                words.add(lexer.next().word());
            } else if (t.kind() == Kind.REDIRECT) {
                parseRedirect(redirects);
            } else {
                break;
            }
        }
        if (words.size() == 1 && redirects.isEmpty() && words.get(0).isPlainLiteral()
                && lexer.peek().isOp("(") && lexer.closeParenFollows()) { // name() body: a function definition
            lexer.next();
            lexer.next();
            parseFunctionBody();
            return;
        }
        CommandResolver.resolve(words, redirects, piped, ctx);
    }

    private void parseRedirects(List<Redirect> into) {
        while (lexer.peek().kind() == Kind.REDIRECT) {
            parseRedirect(into == null ? new ArrayList<>() : into);
        }
    }

    private void parseRedirect(List<Redirect> into) {
        String op = lexer.next().op();
        if (lexer.peek().kind() != Kind.WORD) {
            ctx.problem("missing target after " + op);
            return;
        }
        Word target = lexer.next().word();
        if (op.equals("<<") || op.equals("<<-")) {
            lexer.addHereDoc(target, op.equals("<<-"));
        }
        Redirect redirect = Redirect.of(op, target);
        into.add(redirect);
        ctx.redirects.add(redirect.redirection()); // every redirection counts, also on compound commands
    }


    private void parseIf() {
        lexer.next();
        nested(() -> {
            parseList();
            expectReserved("then");
            parseList();
            while (lexer.peek().isReserved("elif")) {
                lexer.next();
                parseList();
                expectReserved("then");
                parseList();
            }
            if (lexer.peek().isReserved("else")) {
                lexer.next();
                parseList();
            }
            expectReserved("fi");
        });
        parseRedirects(null);
    }

    private void parseFor() {
        lexer.next();
        nested(() -> {
            Token t = lexer.peek();
            if (t.isOp("(") && lexer.arithmeticCommandAt(t.start())) { // for (( i = 0; i < n; i++ ))
                lexer.skipArithmeticCommand(t.start());
            } else {
                if (t.kind() == Kind.WORD) {
                    lexer.next();
                } else {
                    ctx.problem("missing loop variable");
                }
                skipNewlines();
                if (lexer.peek().isReserved("in")) {
                    lexer.next();
                    while (lexer.peek().kind() == Kind.WORD) {
                        lexer.next(); // the word list: only its substitutions run, which the lexer records
                    }
                }
            }
            if (lexer.peek().isOp(";")) {
                lexer.next();
            }
            skipNewlines();
            expectReserved("do");
            parseList();
            expectReserved("done");
        });
        parseRedirects(null);
    }

    private void parseCase() {
        lexer.next();
        nested(() -> {
            if (lexer.peek().kind() == Kind.WORD) {
                lexer.next();
            } else {
                ctx.problem("missing word after case");
            }
            skipNewlines();
            expectReserved("in");
            while (true) {
                skipNewlines();
                Token t = lexer.peek();
                if (t.isReserved("esac")) {
                    lexer.next();
                    return;
                }
                if (t.kind() == Kind.END) {
                    ctx.problem("missing esac");
                    return;
                }
                if (t.isOp("(")) {
                    lexer.next();
                }
                boolean anyPattern = false;
                while (lexer.peek().kind() == Kind.WORD) { // pat | pat | ... )
                    lexer.next();
                    anyPattern = true;
                    if (!lexer.peek().isOp("|")) {
                        break;
                    }
                    lexer.next();
                }
                if (lexer.peek().isOp(")")) {
                    lexer.next();
                } else {
                    ctx.problem("malformed case pattern");
                    if (!anyPattern && lexer.peek().kind() != Kind.END) {
                        lexer.next(); // always move on
                    }
                    continue;
                }
                parseList();
                t = lexer.peek();
                if (t.isOp(";;") || t.isOp(";&") || t.isOp(";;&")) {
                    lexer.next();
                } else if (!t.isReserved("esac") && t.kind() != Kind.END) {
                    unexpected(lexer.next());
                }
            }
        });
        parseRedirects(null);
    }

    private void parseFunctionKeyword() {
        lexer.next();
        if (lexer.peek().kind() == Kind.WORD) {
            lexer.next();
        } else {
            ctx.problem("missing function name");
        }
        if (lexer.peek().isOp("(")) {
            lexer.next();
            expectOp(")", "malformed function definition");
        }
        parseFunctionBody();
    }

    /** The body's commands count as commands: the function is usually defined to be called. */
    private void parseFunctionBody() {
        skipNewlines();
        if (startsCommand(lexer.peek())) {
            nested(this::parseCommand);
        } else {
            ctx.problem("missing function body");
        }
    }

    /** {@code [[ … ]]}: operands are not commands, but substitutions in them run (the lexer records those). */
    private void parseConditional() {
        lexer.next();
        while (true) {
            Token t = lexer.peek();
            if (t.isReserved("]]")) {
                lexer.next();
                break;
            }
            if (t.kind() == Kind.END || t.kind() == Kind.NEWLINE) {
                ctx.problem("unbalanced [[");
                return;
            }
            if (t.kind() == Kind.WORD && t.word().subscriptRunsCode()) {
                ctx.problem("array subscript with a command substitution: " + Context.excerpt(t.word().text()));
            }
            lexer.next();
        }
        parseRedirects(null);
    }

    private void nested(Runnable body) {
        if (!ctx.enter()) {
            return;
        }
        try {
            body.run();
        } finally {
            ctx.leave();
        }
    }

    private void expectReserved(String word) {
        if (lexer.peek().isReserved(word)) {
            lexer.next();
        } else if (!ctx.aborted) {
            ctx.problem("expected `" + word + "` but found " + lexer.peek().describe());
        }
    }

    private void expectOp(String op, String problem) {
        if (lexer.peek().isOp(op)) {
            lexer.next();
        } else if (!ctx.aborted) {
            ctx.problem(problem);
        }
    }

    private void skipNewlines() {
        while (lexer.peek().kind() == Kind.NEWLINE) {
            lexer.next();
        }
    }

    private void unexpected(Token t) {
        if (!ctx.aborted) {
            ctx.problem("syntax error near " + t.describe());
        }
    }
}

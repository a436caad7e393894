package dev.capfence.semantics.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns shell source into words, operators and redirections, one token at a time on demand.
 *
 * <p>The lexer and the {@link Parser} share one cursor: a {@code $(…)} or {@code <(…)} inside a word is parsed
 * by the parser in place (that is the only way to find its closing parenthesis, which may follow a
 * {@code case} pattern or a quoted {@code )}), and the commands in it are recorded as the word is read.
 * Backtick bodies and here-document bodies are cut out first and parsed as separate strings.
 * Every loop moves the cursor forward; nesting goes through {@link Context#enter()}.
 */
final class Lexer {

    enum Kind { WORD, OPERATOR, REDIRECT, NEWLINE, END }

    record Token(Kind kind, String op, Word word, int start) {

        boolean isOp(String s) {
            return kind == Kind.OPERATOR && op.equals(s);
        }

        /** An unquoted word equal to {@code s}: a reserved word when the parser expects a command. */
        boolean isReserved(String s) {
            return kind == Kind.WORD && word.is(s);
        }

        String describe() {
            return switch (kind) {
                case WORD -> Context.excerpt(word.text());
                case OPERATOR, REDIRECT -> op;
                case NEWLINE -> "newline";
                case END -> "end of input";
            };
        }
    }

    private record HereDoc(String delimiter, boolean expands, boolean stripTabs) {
    }

    private final String src;
    private final int len;
    private final Context ctx;
    private final Parser parser;
    private final List<HereDoc> pendingHereDocs = new ArrayList<>();
    private int pos;
    private Token peeked;

    Lexer(String src, Context ctx, Parser parser) {
        this.src = src;
        this.len = src.length();
        this.ctx = ctx;
        this.parser = parser;
    }

    Token peek() {
        if (peeked == null) {
            // lex() may parse a $(...) through the parser, which peeks and consumes tokens itself; it always
            // leaves nothing (or only END) behind, so assigning afterwards is safe.
            peeked = lex();
        }
        return peeked;
    }

    Token next() {
        Token t = peek();
        peeked = null;
        return t;
    }

    /** Registers a here-document; its body starts after the next newline token. */
    void addHereDoc(Word delimiter, boolean stripTabs) {
        pendingHereDocs.add(new HereDoc(delimiter.text(), delimiter.isPlainLiteral(), stripTabs));
    }

    /** After a peeked {@code (}: the next non-blank character is {@code )} (a function definition). */
    boolean closeParenFollows() {
        int p = pos;
        while (p < len && (src.charAt(p) == ' ' || src.charAt(p) == '\t')) {
            p++;
        }
        return p < len && src.charAt(p) == ')';
    }

    /** The {@code (} token at {@code start} opens an arithmetic command {@code (( … ))}, not two subshells. */
    boolean arithmeticCommandAt(int start) {
        return ctx.bash() && start + 1 < len && src.charAt(start + 1) == '(' && arithmeticAhead(start);
    }

    /** Skips an arithmetic command starting at {@code start}, recording command substitutions inside it. */
    void skipArithmeticCommand(int start) {
        peeked = null;
        pos = start;
        arithmetic(new Word(), 2);
    }

    /** Scans an unquoted here-document body, recording its command substitutions. */
    void scanHereDocText() {
        Word scratch = new Word();
        while (pos < len && !ctx.aborted) {
            char c = src.charAt(pos);
            if (c == '\\') {
                pos = Math.min(pos + 2, len);
            } else if (c == '$') {
                dollar(scratch, true);
            } else if (c == '`') {
                backtick(scratch, true);
            } else {
                pos++;
            }
        }
    }

    private Token lex() {
        while (true) {
            if (ctx.aborted) {
                pos = len;
                return new Token(Kind.END, "", null, len);
            }
            skipBlanks();
            if (pos >= len) {
                if (!pendingHereDocs.isEmpty()) { // the shells feed it an empty or partial body, with a warning
                    ctx.problem("here-document without a body: " + Context.excerpt(pendingHereDocs.get(0).delimiter()));
                    pendingHereDocs.clear();
                }
                return new Token(Kind.END, "", null, len);
            }
            int start = pos;
            char c = src.charAt(pos);
            if (c == '#') { // a comment: '#' at the start of a word runs to the end of the line
                while (pos < len && src.charAt(pos) != '\n') {
                    pos++;
                }
                continue;
            }
            if (c == '\n') {
                pos++;
                readHereDocBodies();
                return new Token(Kind.NEWLINE, "\n", null, start);
            }
            String op = operatorAt(pos);
            if (op != null) {
                pos += op.length();
                return new Token(isRedirect(op) ? Kind.REDIRECT : Kind.OPERATOR, op, null, start);
            }
            return lexWord(start);
        }
    }

    private void skipBlanks() {
        while (pos < len) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t') {
                pos++;
            } else if (c == '\\' && pos + 1 < len && src.charAt(pos + 1) == '\n') {
                pos += 2; // line continuation
            } else {
                return;
            }
        }
    }

    private static boolean isRedirect(String op) {
        return op.charAt(0) == '<' || op.charAt(0) == '>' || op.startsWith("&>");
    }

    /** The control or redirection operator at {@code p}, or null. {@code <(} and {@code >(} start words. */
    private String operatorAt(int p) {
        String op = bashOperatorAt(p);
        if (op == null || ctx.bash()) {
            return op;
        }
        // dash has none of bash's longer operators: &> is & then >, |& is | then &, <<< is << then <,
        // ;& and ;;& are ; and ;; then &; <( and >( are a redirection then a parenthesis
        return switch (op) {
            case "&>", "&>>" -> "&";
            case "|&" -> "|";
            case "<<<" -> "<<";
            case ";&" -> ";";
            case ";;&" -> ";;";
            default -> op;
        };
    }

    private String bashOperatorAt(int p) {
        char c = src.charAt(p);
        char n1 = p + 1 < len ? src.charAt(p + 1) : 0;
        char n2 = p + 2 < len ? src.charAt(p + 2) : 0;
        if (!ctx.bash() && (c == '<' || c == '>') && n1 == '(') {
            return String.valueOf(c);
        }
        return switch (c) {
            case '&' -> n1 == '&' ? "&&" : n1 == '>' ? (n2 == '>' ? "&>>" : "&>") : "&";
            case '|' -> n1 == '|' ? "||" : n1 == '&' ? "|&" : "|";
            case ';' -> n1 == ';' ? (n2 == '&' ? ";;&" : ";;") : n1 == '&' ? ";&" : ";";
            case '(' -> "(";
            case ')' -> ")";
            case '<' -> n1 == '(' ? null
                    : n1 == '<' ? (n2 == '<' ? "<<<" : n2 == '-' ? "<<-" : "<<")
                    : n1 == '&' ? "<&" : n1 == '>' ? "<>" : "<";
            case '>' -> n1 == '(' ? null : n1 == '>' ? ">>" : n1 == '&' ? ">&" : n1 == '|' ? ">|" : ">";
            default -> null;
        };
    }

    private Token lexWord(int start) {
        Word w = new Word();
        while (pos < len && !ctx.aborted) {
            char c = src.charAt(pos);
            switch (c) {
                case ' ', '\t', '\n', ';', '&', '|', ')' -> {
                    return new Token(Kind.WORD, null, w, start);
                }
                case '(' -> {
                    if (!ctx.bash()) { // dash has no arrays and no extended globs: ( ends the word
                        return new Token(Kind.WORD, null, w, start);
                    } else if (w.isAssignmentPrefix()) {
                        arrayValue(w);
                    } else if (w.length() > 0 && w.isUnquoted(w.length() - 1)
                            && "?*+@!".indexOf(w.charAt(w.length() - 1)) >= 0) {
                        extglob(w);
                    } else {
                        return new Token(Kind.WORD, null, w, start);
                    }
                }
                case '<', '>' -> {
                    if (ctx.bash() && pos + 1 < len && src.charAt(pos + 1) == '(') {
                        processSubstitution(w);
                    } else if (w.length() > 0 && isFdNumber(w)) { // 2>&1: the digits belong to the redirection
                        String op = operatorAt(pos);
                        pos += op.length();
                        return new Token(Kind.REDIRECT, op, null, start);
                    } else {
                        return new Token(Kind.WORD, null, w, start);
                    }
                }
                case '\\' -> {
                    if (pos + 1 >= len) {
                        w.add('\\', Word.QUOTED);
                        pos++;
                    } else {
                        if (src.charAt(pos + 1) != '\n') { // backslash-newline is a line continuation
                            w.add(src.charAt(pos + 1), Word.QUOTED);
                        }
                        pos += 2;
                    }
                }
                case '\'' -> singleQuote(w);
                case '"' -> doubleQuote(w);
                case '`' -> backtick(w, false);
                case '$' -> dollar(w, false);
                default -> { // a run of characters that mean nothing to the shell, taken at once
                    int end = pos + 1;
                    while (end < len && !special(src.charAt(end))) {
                        end++;
                    }
                    w.add(src, pos, end, Word.UNQUOTED);
                    pos = end;
                }
            }
        }
        return new Token(Kind.WORD, null, w, start);
    }

    /** The characters {@link #lexWord} treats apart from plain text. */
    private static boolean special(char c) {
        return switch (c) {
            case ' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>', '\\', '\'', '"', '`', '$' -> true;
            default -> false;
        };
    }

    private static boolean isFdNumber(Word w) {
        for (int i = 0; i < w.length(); i++) {
            if (!w.isUnquoted(i) || w.charAt(i) < '0' || w.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private void singleQuote(Word w) {
        int close = src.indexOf('\'', pos + 1);
        if (close < 0) {
            ctx.problem("unbalanced single quote");
            w.add(src, pos + 1, len, Word.QUOTED);
            pos = len;
        } else {
            w.add(src, pos + 1, close, Word.QUOTED);
            pos = close + 1;
        }
    }

    private void doubleQuote(Word w) {
        pos++;
        while (pos < len && !ctx.aborted) {
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\\' && pos + 1 < len) {
                char n = src.charAt(pos + 1);
                if (n == '\n') {
                    pos += 2;
                } else if (n == '$' || n == '`' || n == '"' || n == '\\') {
                    w.add(n, Word.QUOTED);
                    pos += 2;
                } else {
                    w.add('\\', Word.QUOTED);
                    pos++;
                }
            } else if (c == '$') {
                dollar(w, true);
            } else if (c == '`') {
                backtick(w, true);
            } else {
                w.add(c, Word.QUOTED);
                pos++;
            }
        }
        if (!ctx.aborted) {
            ctx.problem("unbalanced double quote");
        }
    }

    /** Backticks: the body, with its backslash escapes removed, is parsed as a script of its own. */
    private void backtick(Word w, boolean inDoubleQuotes) {
        int start = pos;
        pos++;
        StringBuilder body = new StringBuilder();
        boolean closed = false;
        while (pos < len) {
            char c = src.charAt(pos);
            if (c == '`') {
                pos++;
                closed = true;
                break;
            }
            if (c == '\\' && pos + 1 < len) {
                char n = src.charAt(pos + 1);
                if (n != '`' && n != '\\' && n != '$' && !(inDoubleQuotes && n == '"')) {
                    body.append('\\');
                }
                body.append(n);
                pos += 2;
            } else {
                body.append(c);
                pos++;
            }
        }
        if (!closed) {
            ctx.problem("unbalanced backtick");
        }
        parser.parseNested(body.toString());
        w.add(src, start, pos, Word.EXPANSION);
    }

    /** Everything that starts with {@code $}. */
    private void dollar(Word w, boolean inDoubleQuotes) {
        int start = pos;
        char n = pos + 1 < len ? src.charAt(pos + 1) : 0;
        if (n == '(') {
            if (pos + 2 < len && src.charAt(pos + 2) == '(' && arithmeticAhead(pos + 1)) {
                arithmetic(w, 3);
                return;
            }
            pos += 2;
            parser.commandSubstitution("unbalanced $( … )");
        } else if (n == '{') {
            parameterExpansion(inDoubleQuotes);
        } else if (n == '[' && ctx.bash()) { // bash's old arithmetic $[ … ]; dash reads $[ as text
            oldArithmetic(w);
            return;
        } else if (n == '\'' && !inDoubleQuotes) {
            ctx.problem("ANSI-C quoting $'…' is not resolved");
            skipAnsiC();
        } else if (n == '"' && !inDoubleQuotes) {
            ctx.problem("locale quoting $\"…\" is not resolved");
            pos++;
            doubleQuote(w);
            return;
        } else if (Word.isNameStart(n)) {
            pos += 2;
            while (pos < len && Word.isNameChar(src.charAt(pos))) {
                pos++;
            }
        } else if ((n >= '0' && n <= '9') || "@*#?$!-".indexOf(n) >= 0 && n != 0) {
            pos += 2;
        } else { // a lone dollar is literal
            w.add('$', inDoubleQuotes ? Word.QUOTED : Word.UNQUOTED);
            pos++;
            return;
        }
        w.add(src, start, Math.min(pos, len), Word.EXPANSION);
    }

    private void skipAnsiC() {
        pos += 2;
        while (pos < len) {
            char c = src.charAt(pos);
            if (c == '\\') {
                pos = Math.min(pos + 2, len);
            } else {
                pos++;
                if (c == '\'') {
                    return;
                }
            }
        }
        ctx.problem("unbalanced $'…' quote");
    }

    /**
     * Inside {@code ${…}} and {@code $((…))}: steps over one escaped, quoted or expanded element at {@code pos},
     * recording the command substitutions it holds in {@code scratch}; any other character is one step.
     */
    private void stepOver(char c, Word scratch, boolean singleQuotesCount, boolean inDoubleQuotes) {
        if (c == '\\') {
            pos = Math.min(pos + 2, len);
        } else if (c == '\'' && singleQuotesCount) {
            singleQuote(scratch);
        } else if (c == '"') {
            doubleQuote(scratch);
        } else if (c == '$') {
            dollar(scratch, inDoubleQuotes);
        } else if (c == '`') {
            backtick(scratch, inDoubleQuotes);
        } else {
            pos++;
        }
    }

    /** {@code ${…}}: finds the closing brace, recording command substitutions in default values. */
    private void parameterExpansion(boolean inDoubleQuotes) {
        pos += 2;
        if (!ctx.enter()) {
            return;
        }
        try {
            Word scratch = new Word();
            int depth = 0;
            while (pos < len && !ctx.aborted) {
                char c = src.charAt(pos);
                if (c == '}') {
                    pos++;
                    if (depth-- == 0) {
                        return;
                    }
                } else if (c == '{') {
                    depth++;
                    pos++;
                } else {
                    stepOver(c, scratch, !inDoubleQuotes, inDoubleQuotes);
                }
            }
            if (!ctx.aborted) {
                ctx.problem("unbalanced ${ … }");
            }
        } finally {
            ctx.leave();
        }
    }

    /**
     * Side-effect-free look-ahead: {@code p} and {@code p+1} are {@code ((}; true when the first {@code )} that
     * closes the outer level is directly followed by another {@code )}. Otherwise {@code $((} / {@code ((}
     * are a command substitution / subshell holding a subshell, as in bash. The look-ahead ignores comments and
     * case patterns, so look-aheads may overlap: their length is charged to the work budget.
     */
    private boolean arithmeticAhead(int p) {
        int depth = 0;
        int i = p + 2;
        boolean arithmetic = false;
        for (; i < len; i++) {
            char c = src.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth-- == 0) {
                    arithmetic = i + 1 < len && src.charAt(i + 1) == ')';
                    break;
                }
            } else if (c == '\\') {
                i++;
            } else if (c == '\'' || c == '"') {
                int close = src.indexOf(c, i + 1);
                if (close < 0) {
                    i = len;
                    break;
                }
                i = close;
            }
        }
        return ctx.charge(Math.min(i, len) - p) && arithmetic;
    }

    /** {@code $(( … ))} or {@code (( … ))}: skips to the closing {@code ))}, recording command substitutions. */
    private void arithmetic(Word w, int openLength) {
        skipArithmetic(w, openLength, '(', ')', "unbalanced (( … ))");
    }

    /** bash's {@code $[ … ]}: skips to the matching {@code ]}, recording command substitutions inside. */
    private void oldArithmetic(Word w) {
        skipArithmetic(w, 2, '[', ']', "unbalanced $[ … ]");
    }

    /**
     * Steps over an arithmetic expression opened by {@code openLength} characters up to the {@code close} that
     * balances it ({@code ))} closes both parentheses of {@code ((}), recording the command substitutions it
     * holds; the whole text is an expansion of {@code w}.
     */
    private void skipArithmetic(Word w, int openLength, char open, char close, String unbalanced) {
        int start = pos;
        pos += openLength;
        if (!ctx.enter()) {
            return;
        }
        try {
            Word scratch = new Word();
            int depth = 0;
            while (pos < len && !ctx.aborted) {
                char c = src.charAt(pos);
                if (c == open) {
                    depth++;
                    pos++;
                } else if (c == close) {
                    pos++;
                    if (depth-- == 0) {
                        if (close == ')' && pos < len && src.charAt(pos) == ')') {
                            pos++;
                        }
                        w.add(src, start, pos, Word.EXPANSION);
                        return;
                    }
                } else {
                    stepOver(c, scratch, true, true);
                }
            }
            if (!ctx.aborted) {
                ctx.problem(unbalanced);
            }
            w.add(src, start, pos, Word.EXPANSION);
        } finally {
            ctx.leave();
        }
    }

    /** {@code <(…)} and {@code >(…)}: the commands inside run too. */
    private void processSubstitution(Word w) {
        int start = pos;
        pos += 2;
        parser.commandSubstitution("unbalanced process substitution");
        w.add(src, start, pos, Word.EXPANSION);
        w.markProcessSubstitution();
    }

    /** {@code NAME=(a b c)}: the array value is part of the assignment word. */
    private void arrayValue(Word w) {
        w.add('(', Word.UNQUOTED);
        pos++;
        while (pos < len && !ctx.aborted) {
            char c = src.charAt(pos);
            switch (c) {
                case ')' -> {
                    w.add(')', Word.UNQUOTED);
                    pos++;
                    return;
                }
                case '\\' -> {
                    if (pos + 1 < len) {
                        w.add(src.charAt(pos + 1), Word.QUOTED);
                    }
                    pos = Math.min(pos + 2, len);
                }
                case '\'' -> singleQuote(w);
                case '"' -> doubleQuote(w);
                case '`' -> backtick(w, false);
                case '$' -> dollar(w, false);
                default -> {
                    w.add(c == '\n' || c == '\t' ? ' ' : c, Word.UNQUOTED);
                    pos++;
                }
            }
        }
        if (!ctx.aborted) {
            ctx.problem("unbalanced ( in array assignment");
        }
    }

    /** Extended glob {@code @(a|b)}, {@code !(x)}, …: kept as part of the word. */
    private void extglob(Word w) {
        int depth = 0;
        while (pos < len) {
            char c = src.charAt(pos);
            if (c == '\\' && pos + 1 < len) {
                w.add(src.charAt(pos + 1), Word.QUOTED);
                pos += 2;
                continue;
            }
            w.add(c, Word.UNQUOTED);
            pos++;
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return;
            }
        }
        ctx.problem("unbalanced ( in pattern");
    }

    /** Reads the bodies of pending here-documents, which start right after a newline token. */
    private void readHereDocBodies() {
        if (pendingHereDocs.isEmpty()) {
            return;
        }
        List<HereDoc> docs = new ArrayList<>(pendingHereDocs);
        pendingHereDocs.clear();
        for (HereDoc doc : docs) {
            StringBuilder body = new StringBuilder();
            boolean ended = false;
            while (pos < len) {
                int eol = src.indexOf('\n', pos);
                int end = eol < 0 ? len : eol;
                String line = src.substring(pos, end);
                pos = eol < 0 ? len : eol + 1;
                if ((doc.stripTabs() ? stripLeadingTabs(line) : line).equals(doc.delimiter())) {
                    ended = true;
                    break;
                }
                body.append(line).append('\n');
            }
            if (!ended) { // the body runs to the end of the input, and the shells disagree on what is in it
                ctx.problem("here-document never ends: " + Context.excerpt(doc.delimiter()));
            }
            if (doc.expands()) { // an unquoted delimiter: $(…) and backticks in the body run
                parser.parseHereDocBody(body.toString());
            }
        }
    }

    private static String stripLeadingTabs(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == '\t') {
            i++;
        }
        return line.substring(i);
    }
}

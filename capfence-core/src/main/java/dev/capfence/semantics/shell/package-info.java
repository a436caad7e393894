/**
 * Shell semantics: which programs a POSIX shell (or bash) command line really runs, so that policies can match
 * on the program and its flags instead of on substrings.
 *
 * <p>{@link dev.capfence.semantics.shell.ShellParser#parse(String)} returns a
 * {@link dev.capfence.semantics.shell.ShellScript}: every {@link dev.capfence.semantics.shell.SimpleCommand} the
 * line would start, in source order, and an {@code unparseable} flag with reasons. It never throws, keeps the
 * Java stack bounded (nesting is capped at 64 levels) and does work linear in the input (a work budget of
 * 32&times; the 64&nbsp;Ki-character input cap stops compounding re-parses). It uses no regular expressions.
 * Callers should treat {@code unparseable} as "cannot tell": deny or ask, never allow on the strength of
 * {@code commands} alone.
 *
 * <h2>Covered</h2>
 * <ul>
 *   <li>Words: single and double quotes (with {@code \" \\ \$ \`} escapes), backslash escapes, backslash-newline
 *       continuation, empty-quote splicing ({@code r''m}), adjacent quoted parts, comments, redirections with or
 *       without a file-descriptor number (neither the operator nor its target is an argument), here-documents
 *       (quoted or not, {@code <<-}), here-strings, bash brace expansion ({@code {a,b}}, {@code {1..3}}; up to 64
 *       words), {@code NAME=(array)} assignments, extended globs.</li>
 *   <li>Structure: {@code ;} {@code &} {@code &&} {@code ||} {@code |} {@code |&} and newlines; subshells,
 *       {@code { …; }} groups, {@code if/elif/else}, {@code while}, {@code until}, {@code for} (both forms),
 *       {@code select}, {@code case} (with {@code ;;} {@code ;&} {@code ;;&}), {@code !}, {@code time},
 *       {@code coproc}, {@code [[ … ]]}, {@code (( … ))}, function definitions (their bodies count as
 *       commands). Keywords are never programs; quoted keywords are.</li>
 *   <li>Commands inside words: {@code $( … )}, backticks (also inside double quotes, in assignments, in
 *       {@code ${x:-…}} defaults, in arithmetic, in unquoted here-document bodies), process substitution
 *       {@code <( … )} / {@code >( … )}. These run before the command holding them and are listed first.</li>
 *   <li>Programs that run other programs. The wrapper is listed, then what it runs; the wrapper's
 *       {@code flags} are its own options only:
 *       {@code sudo}, {@code doas}, {@code env} (incl. {@code -S}), {@code nohup}, {@code nice}, {@code ionice},
 *       {@code timeout}, {@code time}, {@code exec}, {@code command} (not {@code -v}/{@code -V}),
 *       {@code builtin}, {@code busybox APPLET}, {@code stdbuf}, {@code chroot}, {@code setsid},
 *       {@code unbuffer}, {@code taskset}, {@code flock}, {@code strace}, {@code ltrace}, {@code xargs},
 *       {@code runuser -u}; options taking a value consume it. Scripts given as strings are parsed
 *       recursively: {@code sh|bash|zsh|dash|ksh|ash|fish|csh|tcsh … -c} (also in clusters such as {@code -lc}),
 *       {@code eval}, {@code su -c}, {@code watch}, {@code flock -c}; {@code find -exec/-execdir/-ok/-okdir}
 *       commands are resolved too. Leading {@code NAME=value} assignments are skipped.</li>
 *   <li>{@code program} is the basename of the program word after quote removal ({@code /bin/../bin/rm},
 *       {@code ./rm}, {@code \rm}, {@code "rm"} are all {@code rm}).</li>
 *   <li>{@link dev.capfence.semantics.shell.ShellScript#pipesToShell()}: a later pipeline stage runs a shell
 *       ({@code | sh}, {@code | sudo bash}, {@code | env sh}, {@code | xargs sh}, {@code | busybox sh},
 *       {@code | source /dev/stdin}, also inside a later stage's subshell or process substitution).</li>
 *   <li>Unparseable (the commands that could be resolved are still listed): unbalanced quotes, parentheses,
 *       braces, backticks, {@code $(}, {@code ${}, keywords; other syntax errors; ANSI-C {@code $'…'} and locale
 *       {@code $"…"} quoting anywhere; an expansion, glob or brace expansion in program position
 *       ({@code $CMD}, {@code ${X}}, {@code $(echo rm)}, {@code `which rm`}, {@code r?}, {@code {rm,-rf,/}});
 *       here-documents, here-strings and process substitutions feeding a shell or {@code source};
 *       {@code eval} of an expansion; nesting deeper than 64; work over budget; more than 32 stacked wrappers;
 *       input over 64&nbsp;Ki characters; NUL characters.</li>
 * </ul>
 *
 * <h2>Out of scope</h2>
 * <ul>
 *   <li>Anything that needs the values of variables or the state of the machine: what {@code $X} or
 *       {@code "$@"} expand to, in particular flags hidden in expansions ({@code rm $FLAGS /} shows no flags;
 *       words containing expansions contribute no flags), word splitting and {@code IFS} tricks, globs in
 *       arguments ({@code rm -* } with a file named {@code -rf}), {@code $PATH} lookup (which {@code rm} runs,
 *       or that {@code ./rm} is not {@code /bin/rm}), aliases, and functions or variables defined earlier in the
 *       same line ({@code f() { rm -rf /; }; f} lists the body's {@code rm}, but {@code x=rm; $x} is only
 *       flagged).</li>
 *   <li>Arithmetic evaluation (bash evaluates {@code $(( x ))} recursively, so a variable holding
 *       {@code a[$(cmd)]} runs {@code cmd}); history expansion; {@code trap} and {@code PROMPT_COMMAND}
 *       strings; scripts run from files ({@code bash ./x.sh}, {@code curl … > f; sh f}).</li>
 *   <li>Programs that interpret their own arguments as code or commands: other interpreters
 *       ({@code python -c}, {@code perl -e}, {@code node -e}, {@code awk 'BEGIN{system(…)}'}), {@code ssh host
 *       CMD} (runs remotely), {@code git -c core.pager=…}, {@code tar --to-command}, {@code vim -c '!…'},
 *       container and sandbox launchers ({@code docker exec}, {@code nsenter}, {@code unshare},
 *       {@code systemd-run}, {@code firejail}), {@code parallel}, {@code fd -x}; {@code env -S} strings are
 *       parsed as shell, which is close to but not exactly {@code env}'s own splitting.</li>
 *   <li>Non-POSIX shells' own syntax (fish, csh) beyond what POSIX parsing reads; zsh-only expansions.</li>
 * </ul>
 * Where the shell's reading is ambiguous the parser leans towards reporting more: a command substitution inside
 * a {@code -c} string is listed twice (once from the outer line, once from the string), and {@code builtin rm}
 * lists {@code rm} although bash would refuse it.
 */
package dev.capfence.semantics.shell;

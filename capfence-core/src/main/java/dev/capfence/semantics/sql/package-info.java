/**
 * What a SQL text really does, so that policies match statements rather than substrings.
 *
 * <p>{@link dev.capfence.semantics.sql.SqlAnalyzer#analyze(String)} returns a
 * {@link dev.capfence.semantics.sql.SqlScript}: the statements found (kind, tables, missing WHERE),
 * whether anything could not be read with certainty, and why. Parsing is done by JSqlParser 5.4.
 *
 * <h2>How a text is read</h2>
 * A short plain read ({@code SELECT} of columns or aggregates from named tables, joined or not, with
 * comparisons, {@code GROUP BY}, {@code ORDER BY}, {@code LIMIT}; ASCII, no quoting a dialect could read
 * differently, no comment, no other function) is first proven so by one linear scan
 * ({@code SimpleSelect}), which answers exactly what the steps below would, on
 * the caller's thread, in about a microsecond. Everything else, and anything the scan cannot prove, is read
 * in full:
 * <ol>
 *   <li>The input is NFKC-normalised first, so full-width or compatibility look-alikes
 *       ({@code ＤＲＯＰ TABLE t}) read as what they resemble. Because normalising can also
 *       <em>create</em> a quote ({@code ＇} becomes {@code '}) and so hide a statement, the text is
 *       also read as it was; see step 4.</li>
 *   <li>Our own lexer splits the script at the semicolons a database would see: string literals,
 *       quoted identifiers ({@code "x"}, {@code `x`}), dollar-quoted bodies ({@code $tag$...$tag$}),
 *       {@code --} and {@code /* *}{@code /} comments never split and never count as statements.
 *       A line comment ends at a line feed or a carriage return (as in PostgreSQL). Comments are
 *       replaced by a space before parsing; MySQL executable comments
 *       ({@code /*! ... *}{@code /}, {@code /*M! ... *}{@code /}) are unwrapped and read as code,
 *       because MySQL runs them.</li>
 *   <li>Each piece is parsed separately, so one bad piece does not hide the others. When some piece
 *       fails and there are several, the pieces are also parsed as one script (this is how a
 *       {@code BEGIN ... END} block whose inner semicolons split it still reads); if that whole
 *       reading lacks a statement the pieces showed, the statement is kept and the script is
 *       unparseable.</li>
 *   <li>When dialects could disagree about the text, it is read again with MySQL rules (backslash
 *       escapes in literals, {@code #} comments, {@code --} a comment only before white space, no
 *       dollar quoting), and without NFKC. A reading that finds statements the first did not adds
 *       them and makes the script unparseable. Example: {@code SELECT 'a\''; DROP TABLE t; -- '} is
 *       one SELECT in PostgreSQL and a SELECT plus a DROP in MySQL; both are reported. Block
 *       comments nest in the first reading (PostgreSQL, SQL standard) and not in the MySQL one.
 *       Nothing tells the analyzer the target database, so a text harmless in one dialect but not
 *       in another is reported with the harmful reading: {@code SELECT $$x; DELETE FROM y$$} is a
 *       PostgreSQL string, but also a DELETE for MySQL, which has no dollar quoting.</li>
 * </ol>
 *
 * <h2>Statements</h2>
 * <ul>
 *   <li>{@code kind}: SELECT (also VALUES, TABLE, set operations), INSERT, UPDATE, DELETE, MERGE,
 *       UPSERT, REPLACE, CREATE, ALTER, DROP, TRUNCATE, GRANT, REVOKE, RENAME, COMMENT, CALL,
 *       EXECUTE, SET, RESET, SHOW, USE, DESCRIBE, EXPLAIN, BLOCK ({@code BEGIN ... END}), IF,
 *       DECLARE, COMMIT, ROLLBACK, SAVEPOINT, LOCK, ANALYZE, EXPORT, IMPORT, REFRESH, PURGE.
 *       Statements JSqlParser does not parse but that are simple enough are recognised by pattern:
 *       {@code BEGIN}/{@code START TRANSACTION} (kind BEGIN), {@code END} (kind COMMIT),
 *       {@code RELEASE SAVEPOINT} (RELEASE), {@code DEALLOCATE [PREPARE] s} (DEALLOCATE), and
 *       {@code PREPARE s FROM 'sql'} / {@code PREPARE s (types) AS sql} (PREPARE, with the
 *       prepared SQL read as nested statements; {@code PREPARE s FROM @var} is unparseable).
 *       Any other parsed class: its name upper-cased without "STATEMENT".</li>
 *   <li>Nested statements are listed right after the statement holding them (and so count for
 *       {@link dev.capfence.semantics.sql.SqlScript#multipleStatements()}): data-modifying CTEs
 *       ({@code WITH d AS (DELETE ... RETURNING *) SELECT ...}), the statement under
 *       {@code EXPLAIN} (which {@code EXPLAIN ANALYZE} runs), the statements of a
 *       {@code BEGIN ... END} block and of {@code IF ... ELSE}, and the SQL in the literal of
 *       {@code EXECUTE IMMEDIATE '...'} or {@code EXEC sp_executesql N'...'} (followed three levels
 *       deep). Dynamic SQL that is not a single literal ({@code EXECUTE IMMEDIATE 'DR' || 'OP ...'})
 *       makes the script unparseable. {@code SELECT ... INTO t} is followed by a CREATE of t (it
 *       creates t in PostgreSQL and SQL Server; inside a procedural block it may only assign
 *       variables) and MySQL's {@code SELECT ... INTO OUTFILE/DUMPFILE} by an EXPORT (it writes a
 *       file on the server). Queries used as data ({@code INSERT ... SELECT},
 *       {@code CREATE TABLE x AS SELECT}, subqueries, CTE bodies) are not separate statements:
 *       their tables count for the statement using them.</li>
 *   <li>{@code tables}: every table the statement names (targets, joins, subqueries, CTE bodies;
 *       CTE names themselves excluded, except as the target of INSERT/UPDATE/DELETE/MERGE, which is
 *       always a real table), lower-cased, schema-qualified as written, quotes removed. For DDL on
 *       other objects ({@code DROP SCHEMA s}, {@code CREATE INDEX i ON t}) the object or table
 *       named.</li>
 *   <li>{@code whereMissing}: UPDATE or DELETE without WHERE, or whose WHERE is a tautology the
 *       text alone decides: literals ({@code 1=1}, {@code TRUE}, {@code 1}, {@code 'a'='a'},
 *       {@code 2>1}, {@code NOT FALSE}), a column compared with itself ({@code id = id}) and
 *       {@code AND}/{@code OR}/{@code NOT}/parentheses over those ({@code id = 5 OR 1=1}). A
 *       {@code LIMIT} or a join condition does not count as a WHERE. False for all other kinds,
 *       MERGE included.</li>
 * </ul>
 *
 * <h2>Unparseable</h2>
 * A script is unparseable when any piece fails to parse (the others are still reported), on an
 * unterminated literal or comment, when dialect readings disagree, for input over 262,144 chars,
 * more than 1,000 statements, parentheses nested deeper than 200, a stack overflow, or an
 * analysis that takes longer than 5 seconds. Empty, blank or comment-only input has no statements
 * and is not unparseable. {@code DR/**}{@code /OP TABLE t} is unparseable, as it is for databases.
 *
 * <h2>Bounded time</h2>
 * The plain-read scan is linear in the text (at most 4,096 chars) and runs on the caller's thread. Each
 * full analysis runs on a small pool of daemon worker threads (as many as processors, at least two,
 * with 16 MiB stacks); the caller waits at most 5 seconds. On time-out the analysis is cancelled:
 * no further piece is parsed and JSqlParser's own {@code interrupted} flag is raised, which its
 * costly look-aheads check.
 *
 * <h2>Out of scope</h2>
 * <ul>
 *   <li>Statements JSqlParser 5.4 does not parse are unparseable, not guessed: among them
 *       PostgreSQL {@code COPY}, {@code DO $$...$$}, {@code VACUUM},
 *       {@code DROP USER}, {@code DISCARD}, {@code LISTEN}, MySQL {@code LOAD DATA},
 *       {@code LOCK TABLES}, {@code FLUSH}, {@code KILL}, T-SQL {@code EXEC('...')}.</li>
 *   <li>SQL Server's bracket identifiers ({@code [dbo].[t]}) and batches without semicolons;
 *       Oracle's {@code q'[...]'} literals containing quotes; PostgreSQL {@code E'...\'...'}
 *       strings are read only by the MySQL reading (the first reading finds them unterminated, so
 *       the script is unparseable).</li>
 *   <li>What the database would do at run time: SQL assembled from variables
 *       ({@code PREPARE s FROM @sql}, {@code EXEC sp_executesql @sql}: unparseable), what a
 *       prepared statement run by {@code EXECUTE s} holds, bodies of stored procedures and
 *       functions ({@code CALL p()}
 *       is reported as CALL; {@code CREATE FUNCTION} as CREATE), triggers, views, rules, and side
 *       effects of functions called in a SELECT ({@code SELECT pg_terminate_backend(...)}).</li>
 *   <li>Error semantics: a database may stop at the first failing statement; we report every
 *       statement we can read.</li>
 * </ul>
 */
package dev.capfence.semantics.sql;

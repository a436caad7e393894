package dev.capfence.semantics.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Block;
import net.sf.jsqlparser.statement.Commit;
import net.sf.jsqlparser.statement.DeclareStatement;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.DoStatement;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.IfElseStatement;
import net.sf.jsqlparser.statement.PurgeStatement;
import net.sf.jsqlparser.statement.ResetStatement;
import net.sf.jsqlparser.statement.RollbackStatement;
import net.sf.jsqlparser.statement.SavepointStatement;
import net.sf.jsqlparser.statement.SetIdentityInsertStatement;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import net.sf.jsqlparser.statement.UseStatement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.analyze.Analyze;
import net.sf.jsqlparser.statement.comment.Comment;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.execute.Execute;
import net.sf.jsqlparser.statement.export.Export;
import net.sf.jsqlparser.statement.grant.Grant;
import net.sf.jsqlparser.statement.grant.PrivilegeClause;
import net.sf.jsqlparser.statement.grant.Revoke;
import net.sf.jsqlparser.statement.imprt.Import;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertBulk;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.lock.LockStatement;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.refresh.RefreshMaterializedViewStatement;
import net.sf.jsqlparser.statement.select.MySqlSelectIntoClause;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.show.ShowIndexStatement;
import net.sf.jsqlparser.statement.show.ShowTablesStatement;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.statement.upsert.UpsertType;
import net.sf.jsqlparser.util.TablesNamesFinder;

/** Turns a parsed JSqlParser statement into {@link SqlStatement}s: kind, tables, WHERE, nesting. */
final class StatementMapper {

    /** Where SQL held in a string literal ({@code EXECUTE IMMEDIATE '...'}) goes to be read. */
    interface DynamicSql {
        /** Reads {@code sql} and appends what it finds to {@code out}. */
        void read(String sql, List<SqlStatement> out);

        /** Reports dynamic SQL whose text is only known at run time. */
        void opaque(String problem);
    }

    private final DynamicSql dynamicSql;

    StatementMapper(DynamicSql dynamicSql) {
        this.dynamicSql = dynamicSql;
    }

    DynamicSql dynamicSql() {
        return dynamicSql;
    }

    /** Appends the statement, then the statements nested in it. */
    void map(Statement statement, List<SqlStatement> out) {
        Statement st = unwrap(statement);
        if (st instanceof ExplainStatement e && e.getStatement() != null) {
            // EXPLAIN x is x: a read for a query, and the write itself for an UPDATE or DELETE, which
            // EXPLAIN ANALYZE runs (and which a plain EXPLAIN is one keyword away from running).
            map(e.getStatement(), out);
            return;
        }
        out.add(new SqlStatement(kind(st), tables(st), whereMissing(st)));
        nested(st, out);
    }

    private static Statement unwrap(Statement st) {
        // The parenthesised forms extend the plain ones; the plain one inside carries the clauses.
        if (st instanceof ParenthesedInsert p && p.getInsert() != null) {
            return p.getInsert();
        }
        if (st instanceof ParenthesedUpdate p && p.getUpdate() != null) {
            return p.getUpdate();
        }
        if (st instanceof ParenthesedDelete p && p.getDelete() != null) {
            return p.getDelete();
        }
        return st;
    }

    static String kind(Statement st) {
        if (st instanceof Select) {
            return "SELECT"; // also VALUES, TABLE t, set operations, parenthesised queries
        }
        if (st instanceof Insert || st instanceof InsertBulk) {
            return "INSERT";
        }
        if (st instanceof Update) {
            return "UPDATE";
        }
        if (st instanceof Delete) {
            return "DELETE";
        }
        if (st instanceof Merge) {
            return "MERGE";
        }
        if (st instanceof Upsert u) {
            return upsertKind(u.getUpsertType());
        }
        if (st instanceof Drop) {
            return "DROP";
        }
        if (st instanceof Truncate) {
            return "TRUNCATE";
        }
        if (st instanceof Grant) {
            return "GRANT";
        }
        if (st instanceof Revoke) {
            return "REVOKE";
        }
        if (st instanceof Execute e) {
            return e.getExecType() == Execute.ExecType.CALL ? "CALL" : "EXECUTE";
        }
        if (st instanceof RenameTableStatement) {
            return "RENAME";
        }
        if (st instanceof ExplainStatement) {
            return "EXPLAIN";
        }
        if (st instanceof DescribeStatement) {
            return "DESCRIBE";
        }
        if (st instanceof ShowStatement || st instanceof ShowColumnsStatement
                || st instanceof ShowIndexStatement || st instanceof ShowTablesStatement) {
            return "SHOW";
        }
        if (st instanceof SetStatement || st instanceof SetIdentityInsertStatement) {
            return "SET";
        }
        if (st instanceof UnsupportedStatement) {
            // With unsupported statements switched off JSqlParser only makes these for forms it
            // recognised by their first keyword (SHOW CREATE TABLE ..., REFRESH ...).
            String text = st.toString().strip();
            int space = text.indexOf(' ');
            return (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        }
        String simple = simpleKind(st);
        if (simple != null) {
            return simple;
        }
        String name = st.getClass().getSimpleName();
        if (name.startsWith("Create")) {
            return "CREATE"; // table, view, index, schema, user, role, function, trigger ...
        }
        if (name.startsWith("Alter")) {
            return "ALTER"; // table, view, sequence, session, system, role, default privileges ...
        }
        return name.toUpperCase(Locale.ROOT).replace("STATEMENT", "");
    }

    private static String simpleKind(Statement st) {
        if (st instanceof UseStatement) {
            return "USE";
        }
        if (st instanceof ResetStatement) {
            return "RESET";
        }
        if (st instanceof Comment) {
            return "COMMENT";
        }
        if (st instanceof Block) {
            return "BLOCK";
        }
        if (st instanceof Commit) {
            return "COMMIT";
        }
        if (st instanceof RollbackStatement) {
            return "ROLLBACK";
        }
        if (st instanceof SavepointStatement) {
            return "SAVEPOINT";
        }
        if (st instanceof IfElseStatement) {
            return "IF";
        }
        if (st instanceof DeclareStatement) {
            return "DECLARE";
        }
        if (st instanceof LockStatement) {
            return "LOCK";
        }
        if (st instanceof Export) {
            return "EXPORT";
        }
        if (st instanceof Import) {
            return "IMPORT";
        }
        if (st instanceof Analyze) {
            return "ANALYZE";
        }
        if (st instanceof PurgeStatement) {
            return "PURGE";
        }
        if (st instanceof DoStatement) {
            return "DO";
        }
        if (st instanceof RefreshMaterializedViewStatement) {
            return "REFRESH";
        }
        return null;
    }

    private static String upsertKind(UpsertType type) {
        if (type == null || type == UpsertType.UPSERT) {
            return "UPSERT";
        }
        if (type == UpsertType.REPLACE || type == UpsertType.REPLACE_SET
                || type == UpsertType.INSERT_OR_REPLACE) {
            return "REPLACE";
        }
        return "INSERT"; // SQLite INSERT OR IGNORE / ABORT / FAIL / ROLLBACK
    }

    // ---- tables

    static Set<String> tables(Statement st) {
        Set<String> names = new TreeSet<>();
        try {
            for (String name : new TablesNamesFinder<Void>().getTables(st)) {
                addName(names, name);
            }
        } catch (RuntimeException e) {
            // TablesNamesFinder refuses some kinds (EXECUTE, SET, SHOW ...); the targets below still count.
        }
        // Added explicitly because TablesNamesFinder drops any name that is also a CTE name, yet the
        // target of INSERT/UPDATE/DELETE is always a real table:
        // WITH audit_logs AS (SELECT 1) DELETE FROM audit_logs empties the real audit_logs.
        List<String> targets = new ArrayList<>();
        try {
            targets(st, targets);
        } catch (RuntimeException e) {
            // an unusual shape missing an optional part: keep what TablesNamesFinder found
        }
        for (String name : targets) {
            addName(names, name);
        }
        return names;
    }

    private static void targets(Statement st, List<String> out) {
        if (st instanceof Insert i) {
            add(out, i.getTable());
        } else if (st instanceof Update u) {
            add(out, u.getTable());
        } else if (st instanceof Delete d) {
            add(out, d.getTable());
            addAll(out, d.getTables());
        } else if (st instanceof Merge m) {
            add(out, m.getTable());
        } else if (st instanceof Upsert u) {
            add(out, u.getTable());
        } else if (st instanceof Drop d) {
            add(out, d.getName());
            addAll(out, d.getNames());
        } else if (st instanceof Truncate t) {
            add(out, t.getTable());
            addAll(out, t.getTables());
        } else if (st instanceof Alter a) {
            add(out, a.getTable());
        } else if (st instanceof CreateTable c) {
            add(out, c.getTable());
            add(out, c.getLikeTable());
        } else if (st instanceof CreateView c) {
            add(out, c.getView());
        } else if (st instanceof CreateIndex c) {
            add(out, c.getTable());
        } else if (st instanceof Grant g) {
            if (g.getObjectName() != null) {
                out.add(g.getObjectName());
            }
            privilegeTargets(g.getClause(), out);
        } else if (st instanceof Revoke r) {
            privilegeTargets(r.getClause(), out);
        } else if (st instanceof RenameTableStatement r) {
            for (Map.Entry<Table, Table> e : r.getTableNames()) {
                add(out, e.getKey());
                add(out, e.getValue());
            }
        } else if (st instanceof Comment c) {
            add(out, c.getTable());
            add(out, c.getView());
            if (c.getColumn() != null) {
                add(out, c.getColumn().getTable());
            }
        } else if (st instanceof LockStatement l) {
            add(out, l.getTable());
        }
    }

    private static void privilegeTargets(PrivilegeClause clause, List<String> out) {
        if (clause == null || clause.getTarget() == null || clause.getTarget().getNames() == null) {
            return;
        }
        for (List<String> parts : clause.getTarget().getNames()) {
            if (parts != null && !parts.isEmpty()) {
                out.add(String.join(".", parts));
            }
        }
    }

    private static void add(List<String> out, Table table) {
        if (table != null && table.getFullyQualifiedName() != null) {
            out.add(table.getFullyQualifiedName());
        }
    }

    private static void addAll(List<String> out, List<Table> tables) {
        if (tables != null) {
            tables.forEach(t -> add(out, t));
        }
    }

    private static void addName(Set<String> names, String raw) {
        String name = normalizeName(raw);
        if (!name.isEmpty()) {
            names.add(name);
        }
    }

    /**
     * {@code "Analytics"."Users"} → {@code analytics.users}: quotes ({@code "}, {@code `}, {@code []})
     * removed, doubled quotes undone, lower-cased, white space outside quotes dropped.
     */
    static String normalizeName(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        int n = raw.length();
        int i = 0;
        while (i < n) {
            char c = raw.charAt(i);
            if (c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int j = i + 1;
                while (j < n) {
                    char d = raw.charAt(j);
                    if (d == close && close != ']' && j + 1 < n && raw.charAt(j + 1) == close) {
                        out.append(close);
                        j += 2;
                    } else if (d == close) {
                        break;
                    } else {
                        out.append(d);
                        j++;
                    }
                }
                i = j + 1;
            } else {
                if (!Character.isWhitespace(c)) {
                    out.append(c);
                }
                i++;
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    // ---- WHERE

    static boolean whereMissing(Statement st) {
        if (st instanceof Update u) {
            return Tautology.whereMissing(u.getWhere());
        }
        if (st instanceof Delete d) {
            return Tautology.whereMissing(d.getWhere());
        }
        if (st instanceof Merge m) {
            // MERGE ... ON TRUE pairs every source row with every target row
            return m.getOnCondition() != null && Tautology.alwaysTrue(m.getOnCondition());
        }
        return false;
    }

    // ---- nesting

    private void nested(Statement st, List<SqlStatement> out) {
        if (st instanceof Select s) {
            withItems(s.getWithItemsList(), out);
            if (s instanceof ParenthesedSelect p && p.getSelect() != null) {
                withItems(p.getSelect().getWithItemsList(), out);
            }
            if (s instanceof PlainSelect p) {
                selectInto(p, out);
            }
        } else if (st instanceof Insert i) {
            withItems(i.getWithItemsList(), out);
            if (i.getSelect() != null) {
                withItems(i.getSelect().getWithItemsList(), out);
            }
        } else if (st instanceof Update u) {
            withItems(u.getWithItemsList(), out);
        } else if (st instanceof Delete d) {
            withItems(d.getWithItemsList(), out);
        } else if (st instanceof Merge m) {
            withItems(m.getWithItemsList(), out);
        } else if (st instanceof Block b && b.getStatements() != null) {
            for (Statement inner : b.getStatements()) {
                if (inner != null) {
                    map(inner, out);
                }
            }
        } else if (st instanceof IfElseStatement ie) {
            if (ie.getIfStatement() != null) {
                map(ie.getIfStatement(), out);
            }
            if (ie.getElseStatement() != null) {
                map(ie.getElseStatement(), out);
            }
        } else if (st instanceof Execute e) {
            dynamic(e, out);
        }
    }

    /**
     * {@code SELECT ... INTO t} creates table t (PostgreSQL, SQL Server); MySQL's
     * {@code INTO OUTFILE / DUMPFILE} writes a file on the server. Both follow the SELECT as a
     * CREATE or an EXPORT, since neither is the read a SELECT suggests.
     */
    private static void selectInto(PlainSelect select, List<SqlStatement> out) {
        if (select.getIntoTables() != null && !select.getIntoTables().isEmpty()) {
            Set<String> names = new TreeSet<>();
            for (Table t : select.getIntoTables()) {
                if (t != null && t.getFullyQualifiedName() != null) {
                    addName(names, t.getFullyQualifiedName());
                }
            }
            out.add(new SqlStatement("CREATE", names, false));
        }
        MySqlSelectIntoClause into = select.getMySqlSelectIntoClause();
        if (into != null && into.getFileName() != null) {
            out.add(new SqlStatement("EXPORT", Set.of(), false));
        }
    }

    /** Data-modifying CTEs: {@code WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d}. */
    private void withItems(List<WithItem<?>> items, List<SqlStatement> out) {
        if (items == null) {
            return;
        }
        for (WithItem<?> item : items) {
            Object inner = item.getParenthesedStatement();
            if (inner instanceof ParenthesedInsert || inner instanceof ParenthesedUpdate
                    || inner instanceof ParenthesedDelete) {
                map((Statement) inner, out);
            }
        }
    }

    /** {@code EXECUTE IMMEDIATE 'sql'} and {@code EXEC sp_executesql N'sql'}: read the literal. */
    private void dynamic(Execute e, List<SqlStatement> out) {
        String name = e.getName() == null ? "" : e.getName().toLowerCase(Locale.ROOT);
        if (e.getExecType() == Execute.ExecType.CALL
                || !(name.equals("immediate") || name.equals("sp_executesql"))) {
            return;
        }
        Expression first = e.getExprList() == null || e.getExprList().isEmpty()
                ? null : (Expression) e.getExprList().get(0);
        if (first instanceof StringValue s) {
            dynamicSql.read(s.getNotExcapedValue(), out);
        } else {
            dynamicSql.opaque("dynamic SQL built at run time (" + e.getName() + ") cannot be analysed");
        }
    }
}

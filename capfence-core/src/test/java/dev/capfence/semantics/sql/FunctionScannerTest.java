package dev.capfence.semantics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FunctionScannerTest {

    private static FunctionScanner.Result scan(String text) {
        return FunctionScanner.scan(text, false);
    }

    @Nested
    class Calls {

        @Test
        void aNameBeforeAParenthesisIsACallInAnyCase() {
            assertThat(scan("SELECT FILE_READ('x'), lower(name) FROM t").names())
                    .containsExactly("file_read", "lower");
            assertThat(scan("SELECT fIlE_rEaD ('x')").names()).containsExactly("file_read");
        }

        @Test
        void whiteSpaceBetweenNameAndParenthesisAndAroundDotsIsAllowed() {
            assertThat(scan("SELECT pg_catalog .\n pg_read_file \t ('x')").names())
                    .containsExactly("pg_catalog.pg_read_file", "pg_read_file");
        }

        @Test
        void aQualifiedNameIsListedWholeAndByItsLastPart() {
            assertThat(scan("SELECT db.public.file_write('a', 'b')").names())
                    .containsExactly("db.public.file_write", "file_write");
        }

        @Test
        void callsInsideCallsAndSubqueriesAreAllListed() {
            assertThat(scan("SELECT a FROM t WHERE b IN (SELECT upper(file_read('x')) FROM csvread('y'))").names())
                    .containsExactly("csvread", "file_read", "upper");
        }

        @Test
        void aDefaultExpressionInATableDefinitionIsRead() {
            assertThat(scan("CREATE TABLE t (c VARCHAR DEFAULT FILE_READ('/etc/passwd'))").names())
                    .contains("file_read").doesNotContain("t");
        }

        @Test
        void aComputedColumnAfterAsIsRead() {
            assertThat(scan("CREATE TABLE t (c INT AS LENGTH(FILE_READ('/etc/hostname')))").names())
                    .contains("length", "file_read");
        }
    }

    @Nested
    class Decoding {

        @Test
        void doubledQuotesInAQuotedNameAreOneQuote() {
            assertThat(scan("SELECT \"FILE\"\"WRITE\"('a')").names()).containsExactly("file\"write");
        }

        @Test
        void backQuotedNamesAreUnquoted() {
            assertThat(scan("SELECT `FILE_WRITE`('a', 'b')").names()).containsExactly("file_write");
        }

        @Test
        void unicodeEscapesAreUndone() {
            assertThat(scan("SELECT U&\"FILE_\\0057RITE\"('a')").names()).containsExactly("file_write");
            assertThat(scan("SELECT u&\"FILE\\+00005FWRITE\"('a')").names()).containsExactly("file_write");
            assertThat(scan("SELECT U&\"a\\\\b\"('a')").names()).containsExactly("a\\b");
        }

        @Test
        void uescapeNamesTheEscapeCharacter() {
            assertThat(scan("SELECT U&\"FILE!005FWRITE\" UESCAPE '!' ('a')").names()).containsExactly("file_write");
            assertThat(scan("SELECT U&\"x\\0041!!\" uescape '!' ('a')").names()).containsExactly("x\\0041!");
        }

        @Test
        void eachPartOfAQualifiedNameIsDecoded() {
            assertThat(scan("SELECT U&\"PUBLIC\" . U&\"FILE_\\0052EAD\" ('a')").names())
                    .containsExactly("file_read", "public.file_read");
        }

        @Test
        void aBrokenEscapeIsAProblemNotAGuess() {
            FunctionScanner.Result r = scan("SELECT U&\"FILE_\\00ZZRITE\"('a')");
            assertThat(r.problem()).contains("Unicode escape");
            assertThat(scan("SELECT U&\"x\" UESCAPE 'ab' ('a')").problem()).contains("UESCAPE");
        }
    }

    @Nested
    class NotCalls {

        @Test
        void aLiteralMentioningAFunctionIsNoCall() {
            assertThat(scan("SELECT 'FILE_READ(x)', E'file_write(y)', $$csvread(z)$$, N'pg_read_file(q)'").names())
                    .isEmpty();
        }

        @Test
        void aLiteralWithDoubledQuotesEndsWhereTheDatabaseEndsIt() {
            assertThat(scan("SELECT 'it''s FILE_READ(x)' AS note, upper('a')").names()).containsExactly("upper");
        }

        @Test
        void keywordsBeforeAParenthesisAreSyntax() {
            assertThat(scan("SELECT a FROM t WHERE a IN (1, 2) AND EXISTS (SELECT 1) UNION (SELECT 2)").names())
                    .isEmpty();
        }

        @Test
        void aTableAndItsColumnListIsNoCall() {
            assertThat(scan("INSERT INTO file_read (a, b) VALUES (1, 2)").names()).isEmpty();
            assertThat(scan("CREATE TABLE file_write (a INT)").names()).isEmpty();
            assertThat(scan("PREPARE p (int) AS SELECT 1").names()).isEmpty();
        }

        @Test
        void aQuotedKeywordIsAName() {
            assertThat(scan("SELECT \"IN\"(1)").names()).containsExactly("in");
        }

        @Test
        void aNameWithoutParenthesisIsNoCall() {
            assertThat(scan("SELECT file_read FROM t").names()).isEmpty();
        }
    }

    @Test
    void mysqlBackslashEscapesDecideWhereALiteralEnds() {
        String text = "SELECT 'a\\' , file_read(1) , '";
        assertThat(FunctionScanner.scan(text, false).names()).containsExactly("file_read");
        assertThat(FunctionScanner.scan(text, true).names()).isEmpty();
    }
}

package dev.capfence.demo.web;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /ledger}: the refunds that really happened. */
@RestController
class LedgerController {

    private final JdbcClient jdbc;

    LedgerController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/ledger")
    List<Map<String, Object>> ledger() {
        return jdbc.sql("SELECT id AS \"id\", customer AS \"customer\", amount AS \"amount\", "
                + "created_at AS \"created_at\" FROM ledger ORDER BY id").query().listOfRows();
    }
}

package dev.capfence.boot.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.annotation.EnableTransactionManagement;

@SpringBootApplication
@EnableTransactionManagement
public class TestApplication {

    @Bean
    CountingTransactionManager transactionManager() {
        return new CountingTransactionManager();
    }
}

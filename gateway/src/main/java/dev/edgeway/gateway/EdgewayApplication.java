package dev.edgeway.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the Edgeway gateway. */
@SpringBootApplication
public class EdgewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(EdgewayApplication.class, args);
    }
}

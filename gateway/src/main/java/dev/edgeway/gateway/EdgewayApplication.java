package dev.edgeway.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the Edgeway gateway. */
@SpringBootApplication
public class EdgewayApplication {

    /**
     * Reactor's switch for running {@code Schedulers.boundedElastic()} on virtual threads; it is
     * read once, when Reactor's {@code Schedulers} is first loaded, so it is set before anything
     * else runs.
     */
    static final String BLOCKING_ON_VIRTUAL_THREADS = "reactor.schedulers.defaultBoundedElasticOnVirtualThreads";

    public static void main(String[] args) {
        // The blocking work (jnats calls of the state API, process and file work of the local
        // provider) hops to the bounded-elastic pool; on virtual threads that hop cost the state
        // API 8-18 % less CPU per request in back-to-back runs (docs/benchmarks.md). An explicit
        // -D...=false keeps platform threads.
        System.setProperty(BLOCKING_ON_VIRTUAL_THREADS, System.getProperty(BLOCKING_ON_VIRTUAL_THREADS, "true"));
        SpringApplication.run(EdgewayApplication.class, args);
    }
}

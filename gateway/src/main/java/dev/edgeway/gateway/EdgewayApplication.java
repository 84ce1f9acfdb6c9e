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

    /** Reactor Netty's count of threads that accept connections apart from the I/O loops; read once, likewise. */
    static final String ACCEPTING_THREADS = "reactor.netty.ioSelectCount";

    public static void main(String[] args) {
        // The blocking work (jnats calls of the state API, process and file work of the local
        // provider) hops to the bounded-elastic pool; on virtual threads that hop cost the state
        // API 8-18 % less CPU per request in back-to-back runs (docs/benchmarks.md). An explicit
        // -D...=false keeps platform threads.
        System.setProperty(BLOCKING_ON_VIRTUAL_THREADS, System.getProperty(BLOCKING_ON_VIRTUAL_THREADS, "true"));
        // By default the servers accept on one of the I/O loops, which takes about one waiting
        // connection per pass over its busy channels: in a burst of 1000 new connections the
        // last ones waited up to 5 s in the kernel's accept queue (p99 3.3 s), with a thread of
        // their own none waits (p99 0.1 s, docs/benchmarks.md). An explicit -D... wins.
        System.setProperty(ACCEPTING_THREADS, System.getProperty(ACCEPTING_THREADS, "1"));
        SpringApplication.run(EdgewayApplication.class, args);
    }
}

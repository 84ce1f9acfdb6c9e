package dev.edgeway.gateway.invoke;

import io.netty.util.concurrent.EventExecutor;

/** The one "run it on this connection's loop" of the gateway's Netty code. */
public final class Loops {

    private Loops() {}

    /** Runs {@code task} on {@code loop}: at once when this is that loop's thread, else queued to it. */
    public static void run(EventExecutor loop, Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }
}

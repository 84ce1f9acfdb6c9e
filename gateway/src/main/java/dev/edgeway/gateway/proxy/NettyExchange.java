package dev.edgeway.gateway.proxy;

import io.netty.handler.codec.http.HttpContent;

/**
 * One request of a {@link NettyRoute} and its answer, on the connection's loop. It ends with
 * {@link ExchangeConnection#exchangeEnded} once its request has been received whole and its answer
 * written; until then the connection holds back the requests after it and a close asked for.
 */
public interface NettyExchange {

    /** Starts the exchange, once the connection knows it as its current one. */
    void start();

    /** A part of the request's body arrived; the exchange owns it from now on. */
    void received(HttpContent content);

    /** Whether the request's body is still to come and wanted now: the connection reads it as it is. */
    boolean wantsBody();

    /** The connection is to close after this exchange: the answer says so, if not sent yet. */
    void closeAfterAnswer();

    /** The socket can take more again. */
    void writable();

    /** Reading the request failed ({@code RequestReadTimeoutException}, a reset). */
    void readFailed(Throwable cause);

    /** The caller's connection closed: the exchange's work is cancelled and what it holds freed. */
    void closed();
}

package dev.edgeway.gateway.invoke;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Flux;

/**
 * What a function answered. The body is streamed and must be subscribed to exactly once (or
 * released), because it may hold pooled network buffers.
 */
public record InvocationResult(int status, HttpHeaders headers, Flux<DataBuffer> body) {}

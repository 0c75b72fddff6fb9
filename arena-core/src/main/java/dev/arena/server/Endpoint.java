package dev.arena.server;

/** One route's behaviour: answer the exchange (or take it over, as SSE does). */
@FunctionalInterface
interface Endpoint {
    void handle(Exchange exchange) throws Exception;
}

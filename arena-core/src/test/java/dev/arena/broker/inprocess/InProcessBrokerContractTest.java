package dev.arena.broker.inprocess;

import dev.arena.broker.BrokerContractTests;
import dev.arena.broker.EventBroker;
import dev.arena.config.BrokerSettings;
import java.time.Clock;

/** The broker contract (docs/design.md, "Broker contract") against the in-process backend. */
class InProcessBrokerContractTest extends BrokerContractTests {

    @Override
    protected EventBroker createBroker(BrokerSettings settings, Clock clock) {
        return new InProcessEventBroker(settings, clock);
    }
}

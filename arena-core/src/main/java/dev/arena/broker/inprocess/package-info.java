/** The in-process backend: runs held in this JVM's memory. Construct through {@link dev.arena.broker.Brokers}. */
package dev.arena.broker.inprocess;

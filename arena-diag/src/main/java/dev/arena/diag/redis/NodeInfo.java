package dev.arena.diag.redis;

/**
 * One node's server facts, or why they could not be read.
 *
 * @param node  the node
 * @param info  its facts, or null when it could not be asked
 * @param error why it could not be asked, short ("does not answer", "refuses the password", masked), or null
 */
public record NodeInfo(RedisNode node, RedisServerInfo info, String error) {}

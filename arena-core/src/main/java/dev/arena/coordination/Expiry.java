package dev.arena.coordination;

/** What a set of {@link Claims} does with a claim whose holder stopped renewing it. */
public enum Expiry {

    /**
     * An expired claim is gone: never observed or listed, refused to its holder's renewal, free to
     * claim. The server registry: a server that stopped its heartbeat is simply no longer listed.
     */
    FORGET,

    /**
     * An expired claim stays, observed as {@link Claim#expired() expired}, until someone claims the
     * name, its holder renews or releases it, or one caller {@link Claims#takeOver takes it over}.
     * Fork ownership: an expired lease is exactly what a surviving server must find and act on.
     */
    KEEP
}

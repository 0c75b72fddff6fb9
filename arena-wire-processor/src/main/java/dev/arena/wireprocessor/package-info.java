/**
 * Compile-time support for the wire binder: an annotation processor that writes down, beside each wire record, the
 * JSON names and options its Jackson annotations give, so that reading an answer at run time needs no annotations.
 */
package dev.arena.wireprocessor;

/** JSON handling shared by every layer: one configured Jackson mapper and best-effort payload conversion. */
package dev.arena.json;

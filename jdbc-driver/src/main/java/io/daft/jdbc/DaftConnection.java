package io.daft.jdbc;

import java.sql.Connection;

/** A connection of the embedded {@code jdbc:daft:} driver: Calcite's, with a Daft session (its configs). */
public interface DaftConnection extends Connection {
    /** This connection's Daft execution and planning configs. */
    SessionConfig session();
}

package org.stonetrace.neo4j;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Embedded Neo4j with a Bolt connector, the documented recipe for running Neo4j inside a JVM.
 *
 * <p>Usage: {@code Launcher <host> <port> <dataDir> <pageCacheMiB>}. Prints exactly one line
 * starting with {@code NEO4J_READY} once Bolt accepts connections; the Node side waits for it.
 * Stops cleanly on SIGTERM/SIGINT (shutdown hook), so the store is never left needing recovery,
 * and also when its standard input closes: the parent process died without stopping it, and an
 * orphaned database would keep the data directory locked and the port taken.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 4) {
      System.err.println("usage: Launcher <host> <port> <dataDir> <pageCacheMiB>");
      System.exit(2);
    }
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    Path home = Path.of(args[2]).toAbsolutePath();
    long pageCacheMiB = Long.parseLong(args[3]);

    DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
        .setConfig(HttpConnector.enabled, false)
        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMiB))
        // One small machine runs the API, the tests and this database side by side; a caller that
        // sizes the heap for large transactions (the import benchmark) raises this with it.
        .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
            ByteUnit.mebiBytes(Long.getLong("stonetrace.transactionMemoryMiB", 512L)))
        .build();
    // Fails fast (and visibly) if the default database cannot start.
    dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      dbms.shutdown();
      stopped.countDown();
    }, "neo4j-shutdown"));

    Thread parentWatch = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // Input is ignored; only its end matters.
        }
      } catch (java.io.IOException ignored) {
        // Treated like end of input.
      }
      System.exit(0);
    }, "parent-watch");
    parentWatch.setDaemon(true);
    parentWatch.start();

    System.out.println("NEO4J_READY bolt://" + host + ":" + port + " data=" + home);
    System.out.flush();
    stopped.await();
  }
}

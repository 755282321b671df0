-- Replicate from the primary by GTID, from the beginning of its binlog (accounts included).
CHANGE MASTER TO MASTER_HOST='mariadb-primary', MASTER_PORT=3306, MASTER_USER='repl',
  MASTER_PASSWORD='repl-secret', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1;
START SLAVE;

-- Same accounts as firedrill-stack's MariaDbServer bootstrap: the application user and the replication user.
CREATE USER IF NOT EXISTS 'firedrill'@'%' IDENTIFIED BY 'firedrill';
GRANT ALL PRIVILEGES ON *.* TO 'firedrill'@'%' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY 'repl-secret';
GRANT REPLICATION SLAVE, BINLOG MONITOR, REPLICATION SLAVE ADMIN ON *.* TO 'repl'@'%';

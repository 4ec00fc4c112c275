// DansoPostgres

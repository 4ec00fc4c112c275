// DansoWarehouse

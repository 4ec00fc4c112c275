// DansoValidation

// DansoIndicators

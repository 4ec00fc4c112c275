// DansoTestSupport

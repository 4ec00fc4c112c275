// DansoFeeds

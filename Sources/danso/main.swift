print("danso")

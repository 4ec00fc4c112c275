// DansoDomain

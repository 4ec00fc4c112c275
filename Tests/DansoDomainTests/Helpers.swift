import DansoDomain

/// A day known to exist, for tests where the date is an input rather than the subject.
func day(_ year: Int, _ month: Int, _ d: Int) -> CivilDate { CivilDate(year: year, month: month, day: d)! }

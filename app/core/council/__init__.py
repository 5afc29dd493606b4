"""Council sittings (séances du conseil): the French and Cameroonian rule profiles, convocation,
proxies, quorum, votes, appointments and the minutes (procès-verbal)."""

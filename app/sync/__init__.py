"""Moving objects between communes: sticks, serial and TCP sessions. No Qt."""

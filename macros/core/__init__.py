"""The foundations every stage uses: errors, periods, number formatting, HTML escaping, the shapes of validated data."""

"""Chart declarations turned into Plotly figures, their templates and their static images."""

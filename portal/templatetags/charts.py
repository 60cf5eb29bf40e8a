"""{% bar_chart rows title=... maximum=... %} and {% column_chart rows title=... %}: the SVG
charts of portal/charts.py, for statistics and dashboards."""

from django import template

from portal.charts import bar_chart as draw_bars
from portal.charts import column_chart as draw_columns

register = template.Library()


@register.inclusion_tag("portal/charts/_bars.html")
def bar_chart(rows, title: str, maximum=None, chart_id: str = ""):
    return {"chart": draw_bars(rows, maximum=maximum), "title": title, "chart_id": chart_id}


@register.inclusion_tag("portal/charts/_columns.html")
def column_chart(rows, title: str, maximum=None, chart_id: str = ""):
    return {"chart": draw_columns(rows, maximum=maximum), "title": title, "chart_id": chart_id}

from django.contrib import admin

from opensota.taxonomy.models import Area, Collection, Dataset, Method, Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["name", "parent"]
    search_fields = ["name", "slug"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["areas"]


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["name", "full_name"]
    search_fields = ["name", "full_name", "slug"]
    raw_id_fields = ["variant_of"]
    filter_horizontal = ["tasks"]


@admin.register(Method)
class MethodAdmin(admin.ModelAdmin):
    list_display = ["name", "full_name", "introduced_year"]
    search_fields = ["name", "full_name", "slug"]
    filter_horizontal = ["collections"]


admin.site.register(Area)
admin.site.register(Collection)

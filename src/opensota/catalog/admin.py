from django.contrib import admin

from opensota.catalog.models import Author, Conference, Paper, PaperRepository, Proceeding, Repository


class PaperRepositoryInline(admin.TabularInline):
    model = PaperRepository
    raw_id_fields = ["repository"]
    extra = 0


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ["title", "arxiv_id", "published"]
    search_fields = ["title", "arxiv_id", "slug"]
    list_filter = ["published"]
    raw_id_fields = ["conference", "proceeding"]
    filter_horizontal = ["tasks", "methods", "datasets"]
    inlines = [PaperRepositoryInline]


@admin.register(Repository)
class RepositoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "framework", "stars"]
    list_filter = ["framework"]
    search_fields = ["slug", "url", "description"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    search_fields = ["name", "slug"]


admin.site.register(Conference)
admin.site.register(Proceeding)
